/**
 * Writes the default demand scenarios (networks/demand/*.csv) from the published figures below (issue 18).
 * Run: `npx tsx networks/demand/make-default-demand.ts`. The CSV contract is unchanged
 * (origin,destination,teuPerYear,commodity,valueOfTimeUsdPerTeuHour,source); sources avoid commas so no
 * field needs quoting. Calibration against published volumes: docs/calibration.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = import.meta.dirname;
type Row = [origin: string, destination: string, teu: number, commodity: string, vot: number, source: string];

const VOT_ILSTC =
  'VOT 0.4 USD/TEU-h [EST] = ILSTC cargo ~CNY 140000/box (~USD 19500) × 10–25%/yr ÷ 8760 h (USD 5–13/box-day) http://eng.huaihua.gov.cn/enghuaihua/c133468/202601/8c186e48bbb1416495774b4085178b2f.shtml';
const VOT_CRE =
  'VOT 7.3 USD/TEU-h = CNY 52.50/TEU-h shipper VOT [ACAD] https://trid.trb.org/View/1438150 at ~7.2 CNY/USD (consistent with rail users paying ~USD 2350/TEU more than sea to save ~21 days Xi\'an→Duisburg in this network: ≥ ~4.6 USD/TEU-h)';
const VOT_OCEAN = 'VOT 1.0 USD/TEU-h [EST] = the project default: average containerised cargo ~USD 54000/TEU × 10–25%/yr ÷ 8760 h (Rodrigue; reference §7)';
const VOT_BULK = 'VOT 0.01 USD/TEU-eq-h [EST] = ~USD 100/t bulk × 10 t × 10%/yr ÷ 8760 h';

const split = (total: number, shares: Record<string, number>) => {
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  return Object.entries(shares).map(([id, s]) => [id, Math.round((total * s) / sum / 10) * 10] as const);
};
const pct = (shares: Record<string, number>) => Object.entries(shares).map(([k, v]) => `${k} ${v}`).join(' / ');

// ---------------------------------------------------------------- ILSTC (land-sea-corridor.csv)
const ilstc: Row[] = [];

/**
 * Inland China ↔ ASEAN containers that the ILSTC competes for. The published ILSTC rail–sea volume is
 * 960000 TEU (2024); Xi'an and Lanzhou cargo partly goes by the Longhai line to the east-coast ports instead,
 * so the inland–ASEAN total is set so that the model's rail flow to the Beibu Gulf ports matches it
 * (calibration factor, docs/calibration.md).
 */
const ASEAN_TOTAL = 1_150_000;
const ASEAN_NORTHBOUND_SHARE = 0.63; // 107k inbound vs 63k outbound TEU Q1 2022 (Guangxi Daily; reference §9)
const ASEAN_ORIGINS = { chongqing: 35, chengdu: 22, guiyang: 12, xian: 12, kunming: 10, lanzhou: 9 };
const ASEAN_DESTS = { singapore: 45, 'port-klang': 20, haiphong: 15, 'laem-chabang': 10, jakarta: 10 };
const aseanSource = (dir: 'southbound' | 'northbound', o: string, d: string) =>
  `inland China–ASEAN containers ${ASEAN_TOTAL} TEU/yr two-way [EST] calibrated so the model's ILSTC rail–sea flow matches 960000 TEU (2024; China Railway Nanning Group via china.com.cn 2025-09-22; reference §9) (docs/calibration.md); ` +
  `direction ${dir} ${Math.round((dir === 'northbound' ? ASEAN_NORTHBOUND_SHARE : 1 - ASEAN_NORTHBOUND_SHARE) * 100)}% = 107k inbound vs 63k outbound TEU Q1 2022 (Guangxi Daily; reference §9); ` +
  `origin shares [EST] ${pct(ASEAN_ORIGINS)} (Chongqing 154600 TEU H1 2025 [NEWS] https://www.ichongqing.info/2025/07/17/chongqings-ilstc-cargo-value-hits-3-95b-usd-up-22-in-h1-2025); ` +
  `destination shares [EST] ${pct(ASEAN_DESTS)} (Jakarta: the reference's Chongqing→Jakarta example); this row ${o}→${d}; ${VOT_ILSTC}`;
for (const [dir, share] of [['southbound', 1 - ASEAN_NORTHBOUND_SHARE], ['northbound', ASEAN_NORTHBOUND_SHARE]] as const) {
  for (const [o, teuO] of split(ASEAN_TOTAL * share, ASEAN_ORIGINS)) {
    for (const [d, teu] of split(teuO, ASEAN_DESTS)) {
      const [from, to] = dir === 'southbound' ? [o, d] : [d, o];
      ilstc.push([from, to, teu, 'general (inland China–ASEAN; ILSTC rail–sea or competing routes)', 0.4, aseanSource(dir, from, to)]);
    }
  }
}
ilstc.push(['nanning', 'hanoi', 37740, 'general (China-Vietnam rail)', 0.4, `Nanning–Vietnam trains 18870 TEU export H1 2025 × 2 [NEWS] http://en.people.cn/n3/2025/0711/c90000-20338875.html; ${VOT_ILSTC}`]);

// China–Laos Railway and the Kaiyuan–Haiphong metre gauge (they carried nothing before issue 18).
const LAOS = 'China–Laos Railway cross-border freight 3.7 Mt in the first 502 days [NEWS] http://en.people.cn/n3/2023/0420/c90000-20008420.html ≈ 2.69 Mt/yr ≈ 269000 TEU-eq; containers [EST] ~25% of it ≈ 67000 TEU/yr two-way; the Vientiane South yard (~800000 t/yr ≈ 80000 TEU) caps what ends or changes gauge at Vientiane';
for (const [o, d, teu, what] of [
  ['kunming', 'vientiane', 25000, 'Laos trade by the China–Laos Railway'],
  ['vientiane', 'kunming', 25000, 'Laos trade by the China–Laos Railway'],
  ['chongqing', 'vientiane', 4000, 'Lancang–Mekong Express from Chongqing'],
  ['vientiane', 'chongqing', 4000, 'Lancang–Mekong Express to Chongqing'],
  ['kunming', 'bangkok', 8000, 'Thailand via the Vientiane transshipment yard (Kunming→Laem Chabang >20% cheaper and ~1 day faster than rail + truck [NEWS] https://www.railwaygazette.com/freight/transhipment-facility-opened-at-laos-thailand-break-of-gauge/62111.article)'],
  ['bangkok', 'kunming', 8000, 'Thailand via the Vientiane transshipment yard'],
] as const) {
  ilstc.push([o, d, teu, 'general (China–Laos Railway)', 0.4, `${LAOS}; this row [EST] ${what}; ${VOT_ILSTC}`]);
}
const KAIYUAN = 'Kaiyuan–Haiphong metre-gauge shuttle 2–4 trains/day (2023) [NEWS] https://italian.cri.cn/2023/08/15/ARTIExtX2rPg10fzYaBfMQKE230815.shtml: 3 trains/day two-way × 40 TEU (1.6 Mt ÷ 4025 trains ≈ 400 t) × 365 = 43800 TEU/yr; 50/50 by direction [EST]';
ilstc.push(['kaiyuan', 'haiphong', 21900, 'general (Yunnan–Vietnam metre gauge)', 0.4, `${KAIYUAN}; ${VOT_ILSTC}`]);
ilstc.push(['haiphong', 'kaiyuan', 21900, 'general (Yunnan–Vietnam metre gauge)', 0.4, `${KAIYUAN}; ${VOT_ILSTC}`]);

// Yangtze containers (unchanged from before issue 18).
const YANGTZE = `Chongqing–Shanghai Direct Express Line 1.39 M TEU May 2019–Jul 2024 (63 months) ≈ 264800 TEU/yr [NEWS] https://news.cqnews.net/1/detail/1274021851349659648/web/content_1274021851349659648.htm; estimate split 50/50 by direction [EST]; ${VOT_ILSTC}`;
ilstc.push(['chongqing-guoyuan', 'shanghai', 132380, 'general (Yangtze express line)', 0.4, YANGTZE]);
ilstc.push(['shanghai', 'chongqing-guoyuan', 132380, 'general (Yangtze express line)', 0.4, YANGTZE]);

/**
 * Yangtze bulk through the Three Gorges locks, in TEU-equivalents of 10 t (lock capacity use). The locks
 * pass ~160 Mt/yr when saturated (16 M TEU-eq, the node's throughput) while 160–200 vessels/day want to pass
 * against ~150 passed: demand ≥ 160/150 of capacity. Bulk = that demand minus the containers above.
 */
const LOCK_CAPACITY_TEU_EQ = 16_000_000;
const LOCK_DEMAND_TEU_EQ = Math.round((LOCK_CAPACITY_TEU_EQ * 160) / 150);
const BULK_EACH_WAY = Math.round((LOCK_DEMAND_TEU_EQ - 2 * 132380) / 2 / 10) * 10;
const BULK = `Yangtze bulk through the Three Gorges locks in TEU-equivalents of 10 t: lock demand ≥ 160/150 × capacity (160–200 vessels/day want to pass vs ~150 passed [NEWS] https://english.liangjiang.gov.cn/2017-09/26/c_803629.htm) = 160/150 × 16000000 TEU-eq (160 Mt/yr saturated throughput 2022–2024 ÷ 10 t; China Three Gorges Corp.; reference §9) = ${LOCK_DEMAND_TEU_EQ} minus the 264760 Yangtze containers; 50/50 by direction [EST]; Wuhan stands for the middle and lower Yangtze; ${VOT_BULK}`;
ilstc.push(['chongqing-bulk-ports', 'wuhan', BULK_EACH_WAY, 'bulk (TEU-equivalent of 10 t; Yangtze through the Three Gorges locks)', 0.01, BULK]);
ilstc.push(['wuhan', 'chongqing-bulk-ports', BULK_EACH_WAY, 'bulk (TEU-equivalent of 10 t; Yangtze through the Three Gorges locks)', 0.01, BULK]);

/** Beibu Gulf ports' own (Guangxi and transshipment) traffic: the published port total minus the rail–sea part. */
const BEIBU_TOTAL = 8_000_000;
const BEIBU_LOCAL = BEIBU_TOTAL - 960_000;
for (const [port, teu] of split(BEIBU_LOCAL / 2, { qinzhou: 75, fangchenggang: 15, beihai: 10 })) {
  const src = `Beibu Gulf Port >8 M TEU (2023) [NEWS] https://german.cri.cn/2024/01/03/ARTI9vR9BxSL9gc9UBgqu0CZ240103.shtml minus the 960000 TEU ILSTC rail–sea (2024) = ${BEIBU_LOCAL} TEU/yr of the ports' own Guangxi hinterland and transshipment traffic (enters the network at the port); split Qinzhou 75 / Fangchenggang 15 / Beihai 10 [EST] as the node throughputs; 50/50 by direction [EST]; Singapore stands for all sea destinations; ${VOT_ILSTC}`;
  ilstc.push([port, 'singapore', teu, 'general (Beibu Gulf port local and transshipment)', 0.4, src]);
  ilstc.push(['singapore', port, teu, 'general (Beibu Gulf port local and transshipment)', 0.4, src]);
}

// ---------------------------------------------------------------- NELB (eurasian-land-bridge.csv)
const nelb: Row[] = [];

/**
 * China–Europe Railway Express and China–Central Asia trains through Alashankou and Khorgos:
 * 16414 trains (2024) × 105 TEU. Return trains 10124 vs outbound 9898 (CRCT 2025): 50/50 by direction.
 */
const XINJIANG_TOTAL = 16_414 * 105;
const CRE_ORIGINS = { xian: 30, chongqing: 12, chengdu: 11, zhengzhou: 34, lianyungang: 13 };
const CRE_DESTS = { almaty: 35, tashkent: 15, moscow: 17, duisburg: 13, hamburg: 7, warsaw: 5, rotterdam: 2, baku: 2, constanta: 1 };
const creSource = (o: string, d: string) =>
  `Alashankou + Khorgos 16414 trains (2024) [NEWS] http://en.people.cn/n3/2025/0529/c90000-20321136.html × 105 TEU/train (CRE 1.749 M TEU ÷ 16145 trains Jan–Nov 2023 [NEWS] https://world-today-news.com/china-europe-freight-trains-carried-about-1-75-million-teus-in-january-november-2024-04-03-073033) = ${XINJIANG_TOTAL} TEU/yr two-way; ` +
  `50/50 by direction: return trains 10124 vs outbound 9898 (CRCT 2025; reference §9); origin shares [EST] ${pct(CRE_ORIGINS)} (Xi'an avg 14.7 CRE trains/day 2023 [NEWS] http://en.people.cn/n3/2023/0929/c90000-20078569.html; Chengdu+Chongqing >430000 TEU 2023 [NEWS] http://en.people.cn/n3/2024/0125/c90000-20126440.html; Zhengzhou and Lianyungang also stand for the central and east-coast origins); ` +
  `destination shares [EST] ${pct(CRE_DESTS)}: Central Asia 50% (China–Central Asia trains 1.127 M TEU 2025 (CRCT) mostly via Alashankou/Khorgos); Russia 17%; Europe via Brest 27%; Middle Corridor 3% (TITR 50500 TEU Jan–Nov 2024 [NEWS] https://en.trend.az/business/3982954.html); this row ${o}→${d}; ${VOT_CRE}`;
for (const [o, teuO] of split(XINJIANG_TOTAL / 2, CRE_ORIGINS)) {
  for (const [d, teu] of split(teuO, CRE_DESTS)) {
    nelb.push([o, d, teu, 'general (China-Europe Railway Express)', 7.3, creSource(o, d)]);
    nelb.push([d, o, teu, 'general (China-Europe Railway Express)', 7.3, creSource(d, o)]);
  }
}

/** CRE trains of North China (Beijing, Tianjin, Hebei, Inner Mongolia), the central route via Erenhot. */
const ERENHOT_TOTAL = Math.round(3_500 * 105 * 0.9);
const ERENHOT_DESTS = { moscow: 50, duisburg: 25, hamburg: 15, warsaw: 10 };
for (const [d, teu] of split(ERENHOT_TOTAL / 2, ERENHOT_DESTS)) {
  const src = `Erenhot >3500 CRE trains in its record year [NEWS] https://news.livedoor.com/topics/detail/30058080/ × 105 TEU × 0.9 [EST: the record year is the crossing's capacity in the network; a normal year ~10% below] = ${ERENHOT_TOTAL} TEU/yr two-way; North China origins (Beijing / Tianjin / Hebei / Inner Mongolia): the rows start at the border because from the node beijing the network's costs make Zhengzhou–Alashankou cheaper than Erenhot (docs/calibration.md); 50/50 by direction; destinations [EST] ${pct(ERENHOT_DESTS)}; ${VOT_CRE}`;
  nelb.push(['erenhot', d, teu, 'general (China-Europe Railway Express; central route)', 7.3, src]);
  nelb.push([d, 'erenhot', teu, 'general (China-Europe Railway Express; central route)', 7.3, src]);
}

/**
 * China-coast ↔ Europe ocean containers: CTS 2023 (JMC/JIFFA) China → Europe 12.5 M TEU, Europe → China
 * 3.2 M TEU; the network's four Chinese ports hold a share of them.
 */
const OCEAN_SHARE = 0.45;
const OCEAN_WEST = 12_500_000 * OCEAN_SHARE;
const OCEAN_EAST = 3_200_000 * OCEAN_SHARE;
const OCEAN_CN = { shanghai: 45, ningbo: 35, guangzhou: 15, lianyungang: 5 };
const OCEAN_EU_WEST = { rotterdam: 55, hamburg: 25, piraeus: 20 };
const OCEAN_EU_EAST = { rotterdam: 58, hamburg: 28, piraeus: 14 };
const OCEAN =
  'Asia→Europe containers 16.58 M TEU in 2023 of which from China 12.5 M; Europe→Asia 6.47 M of which to China 3.2 M (Container Trades Statistics via JMC/JIFFA [NEWS] https://www.jiffa.or.jp/en/news/entry-8744.html); ' +
  `share ${OCEAN_SHARE * 100}% [EST] for the network's Chinese ports (Shanghai / Ningbo / Guangzhou / Lianyungang; Shenzhen / Qingdao / Tianjin / Xiamen are not in the network) split ${pct(OCEAN_CN)} [EST by port size]`;
for (const [cn, teuCn] of split(OCEAN_WEST, OCEAN_CN)) {
  for (const [eu, teu] of split(teuCn, OCEAN_EU_WEST)) {
    nelb.push([cn, eu, teu, 'general (China–Europe ocean trade)', 1, `${OCEAN}; westbound ${OCEAN_WEST}; destinations ${pct(OCEAN_EU_WEST)}: North Europe 62% (10.22 of 16.58 M) as Rotterdam/Hamburg; West Med 18% as Rotterdam (via Gibraltar); East Med 20% as Piraeus; ${VOT_OCEAN}`]);
  }
}
for (const [cn, teuCn] of split(OCEAN_EAST, OCEAN_CN)) {
  for (const [eu, teu] of split(teuCn, OCEAN_EU_EAST)) {
    nelb.push([eu, cn, teu, 'general (China–Europe ocean trade)', 1, `${OCEAN}; eastbound ${OCEAN_EAST}; origins ${pct(OCEAN_EU_EAST)}: North Europe 70% (4.53 of 6.47 M) as Rotterdam/Hamburg; West Med 16% as Rotterdam; East Med 14% as Piraeus; ${VOT_OCEAN}`]);
  }
}

// ---------------------------------------------------------------- write
const HEADER = 'origin,destination,teuPerYear,commodity,valueOfTimeUsdPerTeuHour,source';
const toCsv = (rows: Row[]) => {
  for (const r of rows) for (const f of r) if (String(f).includes(',') || String(f).includes('"')) throw new Error(`field needs quoting: ${f}`);
  return [HEADER, ...rows.filter((r) => r[2] > 0).map((r) => r.join(','))].join('\n') + '\n';
};
writeFileSync(join(DIR, 'land-sea-corridor.csv'), toCsv(ilstc));
writeFileSync(join(DIR, 'eurasian-land-bridge.csv'), toCsv(nelb));
writeFileSync(join(DIR, 'china-eurasia.csv'), toCsv([...ilstc, ...nelb]));
const total = (rows: Row[]) => rows.reduce((s, r) => s + r[2], 0);
console.log(`land-sea-corridor ${ilstc.length} rows ${total(ilstc)} TEU; eurasian-land-bridge ${nelb.length} rows ${total(nelb)} TEU`);
