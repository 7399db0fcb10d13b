// Made-up councils' submission files, for the browser tests of the "Compare councils" page
// (tests/e2e/councils.test.mjs) and its benchmark (scripts/bench-councils.mjs): both
// workforces, every row, councils from a few dozen staff to a few thousand, each with its own
// true ratios (so the funnel shows councils inside and outside its limits), some with zero
// counts. Deterministic: the same `seed` gives the same files.

const BANDS = ['Under £30,000', '£30,000 to £69,999', '£70,000 and over'];

/** A small deterministic generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['Ashby', 'Brook', 'Carlow', 'Dunmere', 'Eastleigh', 'Fenwick', 'Garth', 'Holm', 'Ivel', 'Kestle'];

/** The name of council `i`: "Ashbyshire 0", "Brookshire 1" … (never "Council …"). */
export function councilName(i) {
  return `${PLACES[i % PLACES.length]}shire ${i}`;
}

/** The CSV text of council `i`'s submission. */
export function councilCsv(i, seed = 21) {
  const rnd = random(seed * 7919 + i);
  const binomial = (n, p) => {
    // Normal approximation above 60, exact below: quick, and counts stay whole.
    if (n > 60) {
      const mean = n * p;
      const sd = Math.sqrt(n * p * (1 - p));
      const z = Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd());
      return Math.max(0, Math.min(n, Math.round(mean + sd * z)));
    }
    let k = 0;
    for (let j = 0; j < n; j++) if (rnd() < p) k++;
    return k;
  };
  const rows = ['workforce,measure,pay_band,white,minority_ethnic,not_known'];
  for (const workforce of ['adults', 'children']) {
    const size = Math.round(40 + rnd() ** 2 * 3000);
    const meShare = 0.05 + rnd() * 0.4;
    const me = Math.max(1, Math.round(size * meShare));
    const white = size - me;
    const nk = Math.round(size * rnd() * 0.08);
    // Pay bands: minority ethnic staff less often in the top band.
    const bandSplit = [0.55, 0.38, 0.07];
    const meSplit = [0.62, 0.34, 0.04];
    let meLeft = me;
    let whiteLeft = white;
    let nkLeft = nk;
    BANDS.forEach((band, b) => {
      const last = b === BANDS.length - 1;
      const m = last ? meLeft : Math.round(me * meSplit[b]);
      const w = last ? whiteLeft : Math.round(white * bandSplit[b]);
      const n = last ? nkLeft : Math.round(nk * bandSplit[b]);
      meLeft -= m;
      whiteLeft -= w;
      nkLeft -= n;
      rows.push(`${workforce},staff,"${band}",${w},${m},${n}`);
    });
    // Each council's own true ratio for each event, spread about a common one.
    const event = (measure, whiteRate, ratio, meN, whiteN) => {
      const truth = ratio * Math.exp((rnd() - 0.5) * 0.9);
      const pw = whiteRate;
      const pm = Math.min(0.95, pw * truth);
      rows.push(`${workforce},${measure},,${binomial(whiteN, pw)},${binomial(meN, pm)},${binomial(Math.round(nk / 4), pw)}`);
    };
    const shortW = Math.round(white * 0.6);
    const shortM = Math.round(me * 0.9);
    rows.push(`${workforce},shortlisted,,${shortW},${shortM},${Math.round(nk / 3)}`);
    event('appointed', 0.25, 0.55, shortM, shortW);
    event('disciplinary', 0.02, 1.4, me, white);
    const regW = Math.round(white * 0.3);
    const regM = Math.round(me * 0.3);
    rows.push(`${workforce},regulated_professionals,,${regW},${regM},0`);
    event('ftp_referrals', 0.01, 1.1, regM, regW);
    event('cpd', 0.5, 0.95, me, white);
    event('leavers', 0.12, 1.2, me, white);
    event('senior_managers', 0.04, 0.55, me, white);
    const surW = Math.round(white * 0.5);
    const surM = Math.round(me * 0.5);
    rows.push(`${workforce},survey_respondents,,${surW},${surM},${Math.round(nk / 2)}`);
    event('harassment_public', 0.25, 1.2, surM, surW);
    event('harassment_colleagues', 0.12, 1.3, surM, surW);
    event('harassment_managers', 0.08, 1.9, surM, surW);
  }
  return rows.join('\r\n') + '\r\n';
}

/** `k` councils' files for `locator.setInputFiles`: { name, mimeType, buffer }. */
export function councilFiles(k, seed = 21) {
  return Array.from({ length: k }, (_, i) => ({
    name: `${councilName(i)}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(councilCsv(i, seed), 'utf8'),
  }));
}
