/** The `corridor` command line: the program and one module per command (commands/). Public surface of the folder. */
export * from './create-program.js';
