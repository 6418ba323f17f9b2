// Formats bench results (see run.mjs) as plain-text tables.

const s = (ms) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const ms = (v) => (v === null || v === undefined ? '—' : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const x = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)}×`);
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;

function table(head, rows, align) {
  const all = [head, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const fmt = (r) => '  ' + r.map((c, i) => ((align?.[i] ?? (i ? 'r' : 'l')) === 'r' ? c.padStart(w[i]) : c.padEnd(w[i]))).join('   ').trimEnd();
  return [fmt(all[0]), '  ' + w.map((n) => '-'.repeat(n)).join('   '), ...all.slice(1).map(fmt)].join('\n');
}

export function report(r) {
  const out = [];
  const p = r.page;
  out.push('');
  out.push(`Segment Access Kit — bench   ${r.date}`);
  out.push(`machine: ${r.machine.cpus} CPUs (${r.machine.cpu}), load ${r.machine.loadavg.map((l) => l.toFixed(2)).join(' ')}, node ${r.machine.node}, ${r.chromium || 'Chromium ?'}`);
  out.push(`replica: latency=${p.latency} jitter=${p.jitter} fail=${p.fail}, era ${p.era}, invite form in a ${p.form}; fresh page per run`);
  out.push(`rows: ${r.rows} invitees on a fresh domain, ${r.roleSets.length} role sets × ${r.rows / r.roleSets.length}:`);
  for (const set of r.roleSets) out.push(`  ${set.key}: ${set.title}`);

  // ---- submissions ----
  out.push('');
  out.push(`1–3. Submissions of ${r.rows} rows (wall time: first action / "Start" → last confirmed invite)`);
  const ref = r.reference;
  const refMs = ref && !ref.error ? ref.wallMs : null;
  const rows = [];
  const line = (name, res, { target = '' } = {}) => {
    if (!res) return rows.push([name, '', '', '', '', '', 'not run']);
    if (res.available === false) return rows.push([name, '', '', '', '', '', `not available (${res.reason})`]);
    if (res.error) return rows.push([name, res.verify?.submissions ?? '', '', '', '', '', `FAILED: ${res.error}`]);
    const v = res.verify;
    const n = res.rows ?? r.rows;
    const per = v.emailsPerSubmission ? (v.emailsPerSubmission.min === v.emailsPerSubmission.max ? v.emailsPerSubmission.max : `${v.emailsPerSubmission.min}–${v.emailsPerSubmission.max}`) : '';
    const ratio = refMs && n === r.rows ? res.wallMs / refMs : null;
    rows.push([name, v.submissions, per, s(res.wallMs), ms(res.wallMs / n), x(ratio), [target, v.ok ? 'log ok' : 'LOG DISAGREES'].filter(Boolean).join('; ')]);
  };
  line(`reference (Playwright, ${r.perSubmission}/submission)`, ref);
  let verdict = '';
  const ext = r.extension;
  if (ext && ext.available && !ext.error && refMs) {
    const okSubs = ext.verify.submissions <= r.targets.submissions;
    const okRatio = ext.wallMs / refMs <= r.targets.ratio;
    verdict = `target ≤ ${r.targets.submissions} subs ${okSubs ? 'met' : 'NOT met'}, ≤ ${r.targets.ratio}× ${okRatio ? 'met' : 'NOT met'}`;
  } else {
    verdict = `target ≤ ${r.targets.submissions} subs, ≤ ${r.targets.ratio}× reference`;
  }
  line(`extension (${ext?.perSubmission ?? r.perSubmission}/submission)`, ext, { target: verdict });
  const one = r.onePerSubmission;
  line(`extension (1/submission${one?.rows && one.rows !== r.rows ? `, ${one.rows} rows: BENCH_QUICK=1` : ''})`, one);
  out.push(table(['run', 'submissions', 'emails/sub', 'wall time', 'per row', 'vs reference', 'notes'], rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'l']));
  if (one && one.available && !one.error && ext && ext.available && !ext.error) {
    const perRowOne = one.wallMs / one.rows, perRowExt = ext.wallMs / ext.rows;
    out.push(`  grouping saves ${x(perRowOne / perRowExt)} per row (${ms(perRowOne)} vs ${ms(perRowExt)} a row; both measured)`);
  }
  const clock = [['reference', ref], ['extension', ext], ['1/submission', one]]
    .filter(([, q]) => q?.verify?.lastLoggedMs != null)
    .map(([n, q]) => `${n} first ${s(q.verify.firstLoggedMs)}, last ${s(q.verify.lastLoggedMs)}`);
  if (clock.length) out.push(`  submissions completed (replica log, page clock from first action / Start): ${clock.join('; ')}`);
  if (ref && !ref.error) {
    const sub = ref.perSubmission;
    const med = (a) => { const b = a.slice().sort((p, q) => p - q); return b[Math.floor(b.length / 2)]; };
    out.push(`  reference per submission (median): open+fill+roles ${ms(med(sub.map((q) => q.fillMs)))}, submit→toast ${ms(med(sub.map((q) => q.serverMs)))} (server latency ${p.latency} ms), toast→form closed ${ms(med(sub.map((q) => q.closeMs)))}`);
    out.push(`  reference per role set (open+fill+roles): ${[...new Set(sub.map((q) => q.set))].map((k) => `${k} ${ms(med(sub.filter((q) => q.set === k).map((q) => q.fillMs)))}`).join(', ')}`);
  }
  if (ext && ext.available && !ext.error) {
    out.push(`  extension: preview took ${s(ext.previewMs)} (not in the wall time); "Emails per submission" default ${JSON.stringify(ext.defaultPerSubmission)}; progress ${ext.progress.now}/${ext.progress.max}; "Download results" ${ext.downloadButton ? 'shown' : 'MISSING'}`);
  }
  for (const [name, res] of [['reference', ref], ['extension', ext], ['1/submission', one]]) {
    if (res?.verify && !res.verify.ok) for (const pb of res.verify.problems) out.push(`  ${name}: ${pb}`);
  }

  // ---- parse ----
  out.push('');
  const pr = r.parse;
  if (!pr) {
    out.push('4. Parse + validate: not run');
  } else if (!pr.available) {
    out.push(`4. Parse + validate: not available (${pr.reason})`);
  } else {
    const parseTable = (title, res) => {
      const c = res.corpus;
      out.push(`${title}: ${c.rows.toLocaleString('en')} rows, ${kb(c.bytes)} CSV (${c.bad} bad emails, ${c.duplicates} duplicates, ${c.blankLines} blank lines, CRLF, quoted cells); median of ${pr.runs} in the page`);
      const papa = res.impls.papa;
      const rowsOut = [];
      const one = (name, impl, note) => {
        if (!impl || !impl.available) return rowsOut.push([name, '', '', '', '', `not available (${impl?.reason ?? 'not run'})`]);
        rowsOut.push([name, ms(impl.median), ms(impl.min), ms(impl.max), name.startsWith('Papa') ? '1.00×' : x(impl.median / papa.median), note(impl)]);
      };
      const sum = (impl) => (impl.summary === undefined ? '' : `result ${short(impl.summary)}`);
      one(`Papa Parse ${papa.version} (parse only)`, papa, (i) => `${i.summary.rows} rows, ${i.summary.errors} errors`);
      one('wasm: parse_preview', res.impls.wasm, sum);
      one('wasm2js: parse_preview', res.impls.wasm2js, sum);
      out.push(table(['implementation', 'median', 'min', 'max', 'vs Papa', 'notes'], rowsOut, ['l', 'r', 'r', 'r', 'r', 'l']));
      const w = res.impls.wasm, j = res.impls.wasm2js;
      if (w?.available && j?.available) out.push(`  wasm2js / wasm: ${x(j.median / w.median)}`);
    };
    parseTable('4. Parse + validate', pr);
    const paint = pr.paint;
    if (paint?.error) out.push(`  paste → preview painted: FAILED (${paint.error})`);
    else if (paint) {
      out.push(`  paste → preview painted (5,000 rows, press on Preview to table on screen, incl. reading the users table and the form's roles; wasm build): median ${ms(paint.median)} of ${paint.samples.length} (${paint.samples.map((v) => ms(v)).join(', ')}); ${paint.renderedRows} of ${paint.rowcount - 1} rows rendered`);
    }
    if (pr.refused10k) {
      out.push(`  NOTE: parse_preview refused the 10,000-row paste in ${pr.refused10k.join(' and ')} (the 5,000-row limit of a run), so the times above are of the refusal.`);
      parseTable('   Largest accepted paste', pr.at5000);
    }
  }

  // ---- sizes ----
  out.push('');
  if (Array.isArray(r.sizes)) {
    out.push('Sizes of dist/extension/core');
    out.push(table(['file', 'bytes', 'gzip -9'], r.sizes.map((f) => [f.file, f.bytes.toLocaleString('en'), f.gzip.toLocaleString('en')])));
  } else {
    out.push(`Sizes: ${r.sizes?.unavailable ?? 'not measured'}`);
  }

  out.push('');
  out.push(`total bench time ${s(r.totalMs)}; ${r.failures.length ? `${r.failures.length} FAILURE(S):` : 'no functional failures'}`);
  for (const f of r.failures) out.push(`  - ${f}`);
  return out.join('\n') + '\n';
}

function short(v) {
  const t = JSON.stringify(v);
  return t.length > 90 ? t.slice(0, 87) + '…' : t;
}
