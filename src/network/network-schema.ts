import { z } from 'zod';
import { LINK_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeSpec } from './attributes.js';

/** Build the zod schema of one attribute from its declaration. */
function attributeSchema(spec: AttributeSpec): z.ZodType {
  switch (spec.type) {
    case 'string':
      return spec.required ? z.string().min(1, 'must be a non-empty string') : z.string();
    case 'boolean':
      return z.boolean();
    case 'string[]':
      return z.array(z.string());
    case 'enum': {
      const values = spec.values ?? [];
      if (values.every((v) => typeof v === 'number')) {
        return z.number().refine((v) => values.includes(v), { message: `must be one of ${values.join(' | ')}` });
      }
      return z.enum(values.map(String) as [string, ...string[]], { message: `must be one of ${values.join(' | ')}` });
    }
    case 'number': {
      // zod 4 rejects NaN and ±Infinity in z.number(); bad numbers are errors, never coerced to a default.
      let s = z.number({ message: `must be a finite number${spec.unit ? ` in ${spec.unit}` : ''}` });
      if (spec.positive) s = s.positive(`must be > 0${spec.unit ? ` ${spec.unit}` : ''}`);
      else if (spec.min !== undefined) s = s.min(spec.min, `must be ≥ ${spec.min}${spec.unit ? ` ${spec.unit}` : ''}`);
      return s;
    }
  }
}

/** zod object schema for a property table; unknown properties pass through (reported as warnings). */
export function propertiesSchema(specs: readonly AttributeSpec[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of specs) {
    const s = attributeSchema(spec);
    // `null` is accepted for optional properties and means "absent" (GeoJSON writers often emit nulls).
    shape[spec.name] = spec.required ? s : s.nullable().optional();
  }
  return z.looseObject(shape);
}

export const nodePropertiesSchema = propertiesSchema(NODE_ATTRIBUTES);
export const linkPropertiesSchema = propertiesSchema(LINK_ATTRIBUTES);

type Opt<T> = T | null | undefined;
/** Node properties after schema validation (the static twin of NODE_ATTRIBUTES). */
export interface NodeProperties {
  id: string;
  name?: Opt<string>;
  country?: Opt<string>;
  kind?: Opt<string>;
  aliases?: Opt<string[]>;
  transferUsdPerTeu?: Opt<number>;
  transferHours?: Opt<number>;
  borderCrossingUsdPerTeu?: Opt<number>;
  borderCrossingHours?: Opt<number>;
  gaugeChangeUsdPerTeu?: Opt<number>;
  gaugeChangeHours?: Opt<number>;
  throughputTeuPerYear?: Opt<number>;
  source?: Opt<string>;
  estimated?: Opt<string[]>;
  notes?: Opt<string>;
}
/** Link properties after schema validation (the static twin of LINK_ATTRIBUTES). */
export interface LinkProperties {
  id: string;
  from: string;
  to: string;
  mode: string;
  name?: Opt<string>;
  lengthKm?: Opt<number>;
  costUsdPerTeuKm?: Opt<number>;
  speedKmh?: Opt<number>;
  hours?: Opt<number>;
  co2KgPerTeuKm?: Opt<number>;
  capacityTeuPerYear?: Opt<number>;
  oneway?: Opt<boolean>;
  gauge?: Opt<number>;
  status?: Opt<string>;
  capexUsd?: Opt<number>;
  lifetimeYears?: Opt<number>;
  source?: Opt<string>;
  estimated?: Opt<string[]>;
  notes?: Opt<string>;
}

export const KNOWN_NODE_PROPERTIES = new Set(NODE_ATTRIBUTES.map((a) => a.name));
export const KNOWN_LINK_PROPERTIES = new Set(LINK_ATTRIBUTES.map((a) => a.name));
