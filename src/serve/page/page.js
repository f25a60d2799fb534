// The what-if page: builds the inputs from /api/scenario, sends the changed
// settings to /api/simulate (a first look, then the refined answer) and puts
// the returned HTML in place. The address carries the changed settings
// (?set=PATH=VALUE&...), so a link reopens the same what-if.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const client = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const fields = new Map(); // path -> { field, input, slider, error, box }
  let latest = 0;           // number of the newest what-if asked for
  let inFlight = null;      // AbortController of the request under way
  let shownBaseline = null; // trial count of the baseline side on screen
  let timer = null;

  function writeSlider(f, v) {
    if (f.slider.write === 'percent') {
      return String(Math.round(v * 1e6) / 1e4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') + '%';
    }
    const decimals = Math.max(0, -Math.floor(Math.log10(f.slider.step)));
    return Number(v).toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }

  function readForSlider(f, text) {
    const t = text.trim().replace(/[,_$€£¥\s]/g, '');
    const m = /^(-?\d+(?:\.\d+)?)(%|k|K|M|B)?$/.exec(t);
    if (!m) return null;
    const scale = { '%': 0.01, k: 1e3, K: 1e3, M: 1e6, B: 1e9 }[m[2]] || 1;
    let v = Number(m[1]) * scale;
    if (f.slider.write === 'percent' && !m[2] && v > 1) return null;
    return v;
  }

  function element(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function buildField(f) {
    const box = element('div', { class: 'field', 'data-path': f.path });
    const id = 'f-' + f.path.replace(/[^a-zA-Z0-9]/g, '-');
    const unit = f.unit && !f.label.toLowerCase().includes(f.unit.toLowerCase()) ? ' (' + f.unit + ')' : '';
    const label = element('label', { for: id }, f.label + unit);
    label.title = f.doc;
    box.appendChild(label);
    const row = element('div', { class: 'row' });
    let input, slider = null;
    if (f.kind === 'choice') {
      input = element('select', { id: id, name: f.path });
      for (const o of f.options) input.appendChild(element('option', { value: o }, o.replace(/_/g, ' ')));
      input.value = f.value;
    } else {
      if (f.slider) {
        slider = element('input', { type: 'range', min: f.slider.min, max: f.slider.max, step: f.slider.step, 'aria-label': f.label + ' slider', 'data-slider': f.path });
        const v = readForSlider(f, f.value);
        if (v !== null) slider.value = v;
        row.appendChild(slider);
      }
      input = element('input', { type: 'text', id: id, name: f.path, inputmode: f.kind === 'count' ? 'numeric' : 'text', spellcheck: 'false' });
      if (!f.slider) input.classList.add('wide');
      input.value = f.value;
    }
    row.appendChild(input);
    const undo = element('button', { type: 'button', class: 'undo', title: 'Back to ' + f.value, 'aria-label': 'Put ' + f.label + ' back to ' + f.value }, '↺');
    row.appendChild(undo);
    box.appendChild(row);
    box.appendChild(element('p', { class: 'hint' }, f.words + ' · valid: ' + f.valid));
    const error = element('p', { class: 'error', role: 'alert', hidden: '' });
    box.appendChild(error);
    const entry = { field: f, input, slider, error, box };
    fields.set(f.path, entry);
    if (slider) {
      slider.addEventListener('input', () => { input.value = writeSlider(f, Number(slider.value)); changed(entry, 90); });
      slider.addEventListener('change', () => { input.value = writeSlider(f, Number(slider.value)); changed(entry, 0); });
    }
    input.addEventListener('change', () => { syncSlider(entry); changed(entry, 0); });
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); syncSlider(entry); changed(entry, 0); } });
    undo.addEventListener('click', () => { input.value = f.value; syncSlider(entry); changed(entry, 0); });
    return box;
  }

  function syncSlider(entry) {
    if (!entry.slider) return;
    const v = readForSlider(entry.field, entry.input.value);
    if (v !== null) entry.slider.value = v;
  }

  function changed(entry, delay) {
    entry.box.classList.toggle('changed', entry.input.value.trim() !== entry.field.value);
    clearTimeout(timer);
    timer = setTimeout(() => whatIf(), delay);
  }

  // The changed settings, as PATH=VALUE.
  function sets() {
    const out = [];
    for (const [path, e] of fields) {
      const v = e.input.value.trim();
      if (v !== e.field.value) out.push(path + '=' + v);
    }
    return out;
  }

  function query(list) {
    return list.map((s) => 'set=' + encodeURIComponent(s)).join('&');
  }

  function updateLinks(list) {
    const q = query(list);
    const suffix = q ? '?' + q : '';
    history.replaceState(null, '', '/' + suffix);
    $('link').href = '/' + suffix;
    $('dl-toml').href = '/download/scenario.toml' + suffix;
    $('dl-report').href = '/download/report.html' + suffix;
    $('dl-xlsx').href = '/download/summary.xlsx' + suffix;
  }

  function showErrors(errors) {
    for (const e of fields.values()) { e.error.hidden = true; e.box.classList.remove('invalid'); }
    const general = [];
    for (const err of errors) {
      const e = fields.get(err.path);
      if (e) {
        e.error.textContent = err.message;
        e.error.hidden = false;
        e.box.classList.add('invalid');
        e.box.parentElement.open = true;
      } else {
        general.push((err.path ? err.path + ': ' : '') + err.message);
      }
    }
    $('general-errors').textContent = general.join(' ');
    $('general-errors').hidden = general.length === 0;
  }

  function status(text, busy) {
    $('status').textContent = text;
    $('progress').hidden = !busy;
  }

  async function whatIf() {
    const list = sets();
    const n = ++latest;
    updateLinks(list);
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const signal = inFlight.signal;
    try {
      for (const stage of ['quick', 'full']) {
        const result = await ask(list, stage, n, signal);
        if (!result || n !== latest) return;
        show(result, n);
        if (result.trials >= result.target) break;
      }
    } catch (e) {
      if (e.name !== 'AbortError' && n === latest) status('No answer: ' + e.message, false);
    }
  }

  // One stage: the result, or null when the request was refused or superseded.
  async function ask(list, stage, n, signal) {
    if (stage === 'full') status('Refining…', true);
    const response = await fetch('/api/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sets: list, stage, client, have_baseline: shownBaseline }),
      signal,
    });
    if (response.status === 400) {
      const body = await response.json();
      showErrors(body.errors || [{ path: '', message: body.error }]);
      status('Fix the marked setting to see its effect.', false);
      document.body.dataset.stage = 'invalid';
      return null;
    }
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      status('No answer: ' + (body.error || response.statusText), false);
      return null;
    }
    showErrors([]);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 1);
        if (line.progress && n === latest && stage === 'full') {
          $('progress').max = line.progress[1];
          $('progress').value = line.progress[0];
        } else if (line.result) {
          return line.result;
        } else if (line.error) {
          status('No answer: ' + line.error, false);
          return null;
        } else if (line.superseded) {
          return null;
        }
      }
    }
  }

  function show(r, n) {
    if (n !== latest) return;
    $('effect-body').innerHTML = r.effect;
    $('whatif').innerHTML = r.whatif;
    $('whatif-title').textContent = 'What-if · ' + r.stage_words;
    if (r.baseline !== null && r.baseline !== undefined) {
      $('baseline').innerHTML = r.baseline;
      shownBaseline = r.trials;
      $('baseline-title').textContent = 'Baseline: the scenario as loaded · ' + r.trials.toLocaleString('en-US') + ' trials';
    }
    const final = r.trials >= r.target;
    document.body.dataset.stage = final ? 'final' : 'quick';
    document.body.dataset.trials = r.trials;
    let words = r.stage_words + ' · answered in ' + r.elapsed_ms + ' ms';
    if (r.capped) words += ' · the page\'s budget caps the trials; run quotasim run for all of them';
    if (!r.paired) words += ' · not paired';
    status(words, !final);
  }

  function reset() {
    for (const e of fields.values()) { e.input.value = e.field.value; syncSlider(e); e.box.classList.remove('changed'); }
    whatIf();
  }

  async function start() {
    const page = await (await fetch('/api/scenario')).json();
    document.title = page.name + ' · quotasim what-if';
    $('title').textContent = page.name;
    $('source').textContent = 'What-if on ' + page.source + ' · ' + page.strategies.join(' vs ') + ' · amounts in ' + page.currency;
    const form = $('form');
    // Groups open on a wide screen; on a phone they fold, so the answer is near.
    const wide = window.matchMedia('(min-width: 821px)').matches;
    for (const g of page.groups) {
      const group = element('details', { class: 'group' });
      if (wide) group.open = true;
      group.appendChild(element('summary', {}, g.title));
      for (const f of g.fields) group.appendChild(buildField(f));
      form.appendChild(group);
    }
    // The address's settings, as a link carries them.
    for (const s of new URLSearchParams(location.search).getAll('set')) {
      const at = s.indexOf('=');
      const e = at > 0 ? fields.get(s.slice(0, at).trim()) : null;
      if (e) {
        e.input.value = s.slice(at + 1).trim();
        syncSlider(e);
        e.box.classList.toggle('changed', e.input.value !== e.field.value);
        e.box.parentElement.open = true;
      }
    }
    $('reset').addEventListener('click', reset);
    form.addEventListener('submit', (e) => e.preventDefault());
    const bar = document.querySelector('.bar');
    const fit = () => document.documentElement.style.setProperty('--bar', bar.offsetHeight + 'px');
    window.addEventListener('resize', fit);
    fit();
    whatIf();
  }

  start().catch((e) => status('Cannot load the scenario: ' + e.message, false));
})();
