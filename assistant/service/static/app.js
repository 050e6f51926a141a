// Web chat for "Vejledning om ressourceforløb". Plain ES2020, no dependencies.
// Text from the user or the server is only ever inserted as text nodes (textContent/append).
(() => {
  'use strict';

  const STORE_ID = 'rf.conversation_id';
  const STORE_AUDIENCE = 'rf.audience';
  const FACT_LABELS = {
    age: 'Alder', age_over: 'Over (år)', age_under: 'Under (år)', birth_date: 'Fødselsdato',
    birth_year: 'Fødselsår', previous_courses: 'Tidligere forløb', previous_years_total: 'År i forløb i alt',
    wishes_course: 'Ønsker selv forløbet', decision: 'Kommunens afgørelse', decision_date: 'Afgørelsesdato',
    granted_years: 'Bevilget varighed (år)',
  };
  const BOOL_FACTS = new Set(['wishes_course']);
  const NUMBER_FACTS = new Set(['age', 'age_over', 'age_under', 'birth_year', 'previous_courses',
    'previous_years_total', 'granted_years']);
  const DATE_FACTS = new Set(['birth_date', 'decision_date']);
  const KIND_HINT = { bool: 'ja/nej', number: 'tal', date: 'ÅÅÅÅ-MM-DD' };
  const OFFLINE = 'Der er ingen forbindelse til tjenesten. Prøv igen om lidt.';

  const $ = (id) => document.getElementById(id);
  const els = {
    form: $('chat-form'), question: $('question'), send: $('send'), log: $('log'), intro: $('intro'),
    error: $('error'), date: $('decision-date'), dateField: $('date-field'), newConv: $('new-conversation'),
    panel: $('source-panel'), srcHeading: $('source-heading'), srcTitle: $('source-title'),
    srcValidity: $('source-validity'), srcText: $('source-text'), srcNote: $('source-note'),
    srcLink: $('source-link'), srcClose: $('source-close'), factsList: $('facts-list'),
    factsEmpty: $('facts-empty'), factsStatus: $('facts-status'), factsHeading: $('facts-heading'),
    lawVersion: $('law-version'),
  };
  const state = { id: null, facts: {}, busy: false, opener: null, sources: new Map(), seq: 0 };

  // ------------------------------------------------------------------ helpers
  // el('button', {class, text, onclick, 'data-x': ...}, ...children): DOM without innerHTML.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k in node && typeof v !== 'string') node[k] = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  class ApiError extends Error { constructor(message, status) { super(message); this.status = status; } }

  function detailText(detail, status) {
    if (typeof detail === 'string' && detail.trim()) return detail;
    if (Array.isArray(detail)) return 'Forespørgslen kunne ikke behandles. Kontrollér det, du har skrevet, og prøv igen.';
    return status ? `Der opstod en fejl (${status}). Prøv igen.` : 'Der opstod en fejl. Prøv igen.';
  }

  async function request(path, method, body, accept = 'application/json') {
    let res;
    try {
      res = await fetch(path, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Accept: accept },
      });
    } catch (_) { throw new ApiError(OFFLINE); }
    if (res.ok) return res;
    const detail = await res.json().then((b) => b.detail, () => null);
    throw new ApiError(detailText(detail, res.status), res.status);
  }
  const json = (path, method, body) => request(path, method, body).then((r) => r.json());

  const showError = (message) => els.error.replaceChildren(...(message ? [el('p', { text: message })] : []));

  const factLabel = (name) => FACT_LABELS[name] || name;
  const safeUrl = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null);

  const formatDate = (iso) => {
    const d = new Date(`${String(iso).slice(0, 10)}T00:00:00`);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric' });
  };

  // ------------------------------------------------------------------ conversation id, audience
  // The id lives in localStorage and in the URL hash (#c=<id>), so a reload or a link reopens it.
  function setConversation(id) {
    state.id = id || null;
    if (state.id) localStorage.setItem(STORE_ID, state.id); else localStorage.removeItem(STORE_ID);
    const url = state.id ? `#c=${encodeURIComponent(state.id)}` : location.pathname + location.search;
    if (location.hash !== (state.id ? url : '')) history.replaceState(null, '', url);
  }
  const idFromHash = () => { const m = /(?:^#|&)c=([^&]+)/.exec(location.hash); return m ? decodeURIComponent(m[1]) : null; };

  const audience = () => document.querySelector('input[name="audience"]:checked')?.value || 'caseworker';

  function setAudience(value) {
    $(value === 'citizen' ? 'audience-citizen' : 'audience-caseworker').checked = true;
    syncAudience();
  }
  function syncAudience() { // the decision date is only offered to caseworkers
    els.dateField.hidden = audience() !== 'caseworker';
    localStorage.setItem(STORE_AUDIENCE, audience());
  }

  // ------------------------------------------------------------------ turns
  function addTurn(question) {
    const key = ++state.seq;
    const text = el('div', { class: 'answer-text' }, el('span', { class: 'typing', text: 'Finder svaret i kilderne …' }));
    const answer = el('div', { class: 'answer pending' }, text);
    const node = el('article', { class: 'turn', 'aria-label': `Spørgsmål og svar ${key}` },
      el('div', { class: 'msg msg-user' }, el('p', { class: 'speaker', text: 'Du' }), el('p', { class: 'user', text: question })),
      el('div', { class: 'msg msg-assistant' }, el('p', { class: 'speaker', text: 'Assistenten' }), answer));
    els.log.append(node);
    els.intro.hidden = true;
    return { key, node, answer, text };
  }

  // A paragraph of the answer with every cited ref written in it ("(LAB § 114, stk. 4)")
  // turned into a button that opens the source, like the chips under the answer.
  function citedParagraph(para, cites) {
    const p = el('p');
    const refs = cites.map((c) => c.ref).sort((a, b) => b.length - a.length);
    if (!refs.length) { p.textContent = para; return p; }
    const byRef = new Map(cites.map((c) => [c.ref, c]));
    const rx = new RegExp(`(${refs.map(escapeRe).join('|')})(?![0-9a-zæøå])`, 'g');
    let pos = 0;
    for (let m; (m = rx.exec(para));) {
      const c = byRef.get(m[1]);
      p.append(para.slice(pos, m.index), el('button', {
        type: 'button', class: 'citation inline', 'data-ref': c.ref, 'aria-controls': 'source-panel', text: m[1],
        title: c.title ? `Vis kilden: ${c.title}` : 'Vis kilden', onclick: (e) => openSource(c, e.currentTarget),
      }));
      pos = m.index + m[0].length;
    }
    p.append(para.slice(pos));
    return p;
  }

  function renderAnswer(turn, data) {
    turn.n = data.turn ?? data.n;
    turn.answer.classList.remove('pending');
    turn.text.textContent = '';
    const seen = new Set();
    const cites = (data.citations || []).filter((c) => c && c.ref && !seen.has(c.ref) && seen.add(c.ref));
    for (const para of String(data.answer || '').split(/\n{2,}/)) {
      if (para.trim()) turn.text.append(citedParagraph(para, cites));
    }
    if (cites.length) {
      const list = el('p', { class: 'citations' }, el('span', { class: 'visually-hidden', text: 'Kilder: ' }));
      for (const c of cites) {
        list.append(el('button', {
          type: 'button', class: 'citation', 'data-ref': c.ref, 'aria-controls': 'source-panel', text: `[${c.ref}]`,
          title: c.title ? `Vis kilden: ${c.title}` : 'Vis kilden', onclick: (e) => openSource(c, e.currentTarget),
        }), ' ');
      }
      turn.answer.append(list);
    }
    const msg = turn.answer.parentNode;
    const missing = data.missing_facts || [];
    if (missing.length) msg.append(el('p', { class: 'missing', text: `Oplys gerne: ${missing.map((m) => factLabel(m).toLowerCase()).join(', ')}.` }));
    if (turn.n !== undefined && turn.n !== null) msg.append(feedbackBlock(turn));
  }

  function feedbackBlock(turn) {
    const id = `feedback-comment-${turn.key}`;
    const thanks = el('p', { class: 'feedback-thanks', role: 'status' });
    const comment = el('textarea', { id, rows: 2, maxlength: 2000 });
    let helpful = null;
    const send = async () => {
      try {
        const text = comment.value.trim();
        await json('/api/feedback', 'POST', { conversation_id: state.id, turn: turn.n, helpful, comment: text || null });
        thanks.textContent = 'Tak for din tilbagemelding';
        showError('');
      } catch (e) { showError(e.message); }
    };
    const choose = (value) => {
      helpful = value;
      yes.setAttribute('aria-pressed', String(value));
      no.setAttribute('aria-pressed', String(!value));
      box.hidden = false;
      send();
    };
    const yes = el('button', { type: 'button', class: 'feedback-yes', 'aria-pressed': 'false', text: 'Hjælpsomt', onclick: () => choose(true) });
    const no = el('button', { type: 'button', class: 'feedback-no', 'aria-pressed': 'false', text: 'Ikke hjælpsomt', onclick: () => choose(false) });
    const box = el('div', { class: 'feedback-comment', hidden: true },
      el('label', { for: id, text: 'Kommentar (valgfri)' }), comment,
      el('button', { type: 'button', class: 'secondary feedback-send', text: 'Send kommentar', onclick: send }));
    return el('div', { class: 'feedback', role: 'group', 'aria-label': 'Var svaret hjælpsomt?' },
      el('div', { class: 'feedback-buttons' }, yes, no), box, thanks);
  }

  function clearLog() { els.log.textContent = ''; els.intro.hidden = false; closeSource(false); }
  function renderConversation(conv) {
    clearLog();
    if (conv.audience) setAudience(conv.audience);
    if (conv.date) els.date.value = String(conv.date).slice(0, 10);
    for (const t of conv.turns || []) renderAnswer(addTurn(t.user || ''), { ...t, turn: t.n });
    renderFacts(conv.facts || {});
  }

  // ------------------------------------------------------------------ sending
  // The answer is shown when it is whole: every sentence is checked against its sources before
  // anything is said, so there is nothing true to stream earlier (/api/chat/stream serves API clients).
  function setBusy(busy) { // aria-disabled rather than disabled: a disabled button would drop focus
    state.busy = busy;
    els.log.setAttribute('aria-busy', String(busy));
    els.send.setAttribute('aria-disabled', String(busy));
    els.send.textContent = busy ? 'Sender …' : 'Send';
  }

  async function ask(text) {
    const who = audience();
    const body = { message: text, conversation_id: state.id, audience: who,
      date: who === 'caseworker' && els.date.value ? els.date.value : null };
    showError('');
    const turn = addTurn(text);
    turn.node.scrollIntoView({ block: 'nearest' });
    setBusy(true);
    try {
      const data = await json('/api/chat', 'POST', body);
      if (data.conversation_id) setConversation(data.conversation_id);
      renderAnswer(turn, data);
      renderFacts(data.facts || {});
      els.lawVersion.textContent = data.law_version ? `Lovgrundlag: ${data.law_version}` : '';
    } catch (e) {
      turn.node.remove();
      els.intro.hidden = !!els.log.querySelector('.turn');
      if (!els.question.value) els.question.value = text;
      showError(e instanceof ApiError ? e.message : 'Der opstod en uventet fejl. Prøv igen.');
    } finally {
      setBusy(false);
    }
  }

  // ------------------------------------------------------------------ source panel
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const TRIM_QUOTE = /^[\s"'„“”«»]+|[\s"'„“”«».,;:]+$/g;

  // Append `text` to `target`, wrapping each passage of `quote` (split at ellipses) in <mark>.
  function highlight(target, text, quote) {
    const ranges = [];
    for (const raw of String(quote || '').split(/\s*(?:…|\.\.\.)\s*/)) {
      const piece = raw.replace(TRIM_QUOTE, '');
      if (piece.length < 4) continue;
      const m = new RegExp(piece.split(/\s+/).map(escapeRe).join('\\s+'), 'i').exec(text);
      if (m) ranges.push([m.index, m.index + m[0].length]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    let pos = 0;
    for (const [start, end] of ranges) {
      if (start < pos) continue;
      target.append(text.slice(pos, start), el('mark', { text: text.slice(start, end) }));
      pos = end;
    }
    target.append(text.slice(pos));
    return ranges.length > 0;
  }

  // A source's text: runs of "| a | b |" lines become a table (its "| --- |" line marks the head),
  // the rest stays text; the quote is marked in both. Returns whether the quote was found.
  function sourceText(target, text, quote) {
    const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    const isRule = (line) => /^\|?\s*:?-{3,}/.test(line.trim());
    let found = false;
    let block = [];
    let rows = [];
    const flushText = () => {
      if (block.length) found = highlight(target, block.join('\n') + '\n', quote) || found;
      block = [];
    };
    const flushTable = () => {
      if (!rows.length) return;
      const head = rows.length > 1 && isRule(rows[1]) ? cells(rows[0]) : null;
      const body = (head ? rows.slice(2) : rows).filter((r) => !isRule(r));
      const table = el('table', { class: 'source-table' });
      if (head) table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))));
      const tbody = el('tbody');
      for (const r of body) {
        const tr = el('tr');
        for (const c of cells(r)) { const td = el('td'); found = highlight(td, c, quote) || found; tr.append(td); }
        tbody.append(tr);
      }
      table.append(tbody);
      target.append(el('div', { class: 'table-wrap' }, table));
      rows = [];
    };
    for (const line of text.split('\n')) {
      if (/^\s*\|.*\|\s*$/.test(line)) { flushText(); rows.push(line); } else { flushTable(); block.push(line); }
    }
    flushText();
    flushTable();
    return found;
  }

  function fetchSource(ref) { // citizens are only ever shown public sources, so the audience is part of the key
    const key = `${audience()}|${ref}`;
    if (!state.sources.has(key)) {
      const p = json(`/api/sources/${encodeURIComponent(ref)}?audience=${audience()}`, 'GET');
      state.sources.set(key, p);
      p.catch(() => state.sources.delete(key));
    }
    return state.sources.get(key);
  }

  async function openSource(citation, opener) {
    state.opener = opener;
    els.panel.hidden = false;
    document.body.classList.add('source-open');
    els.srcHeading.textContent = citation.ref;
    els.srcTitle.textContent = citation.title || '';
    els.srcValidity.textContent = '';
    els.srcText.textContent = 'Henter kilden …';
    els.srcNote.hidden = true;
    els.srcLink.hidden = true;
    els.srcHeading.focus();
    let units = [];
    try {
      units = (await fetchSource(citation.ref)).units || [];
    } catch (e) {
      els.srcNote.textContent = e.message;
      els.srcNote.hidden = false;
    }
    if (state.opener !== opener) return; // closed, or another citation opened meanwhile
    const norm = (s) => String(s || '').replace(/\s+/g, ' ').toLowerCase();
    const q = norm(String(citation.quote || '').replace(TRIM_QUOTE, '')).split(/ ?(?:…|\.\.\.) ?/)[0].slice(0, 60);
    const unit = units.find((u) => q && norm(u.text).includes(q)) || units[0];
    const quoteBlock = () => el('blockquote', {}, el('mark', { text: citation.quote }));
    els.srcText.textContent = '';
    if (unit) {
      if (unit.title) els.srcTitle.textContent = unit.title;
      const from = unit.valid_from ? ` fra ${formatDate(unit.valid_from)}` : '';
      els.srcValidity.textContent = `Gyldig${from} ${unit.valid_to ? `til ${formatDate(unit.valid_to)}` : '(gælder fortsat)'}`;
      if (!sourceText(els.srcText, String(unit.text || ''), citation.quote) && citation.quote) els.srcText.prepend(quoteBlock());
    } else if (citation.quote) {
      els.srcText.append(quoteBlock());
    }
    const url = safeUrl(unit?.url) || safeUrl(citation.url);
    els.srcLink.hidden = !url;
    if (url) els.srcLink.href = url;
    els.srcText.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
  }

  function closeSource(restoreFocus = true) {
    if (els.panel.hidden) return;
    els.panel.hidden = true;
    document.body.classList.remove('source-open');
    const opener = state.opener;
    state.opener = null;
    if (restoreFocus && opener && opener.isConnected) opener.focus();
  }

  // ------------------------------------------------------------------ facts panel
  function factKind(name, value) {
    if (typeof value === 'boolean' || (value == null && BOOL_FACTS.has(name))) return 'bool';
    if (typeof value === 'number' || (value == null && NUMBER_FACTS.has(name))) return 'number';
    if (DATE_FACTS.has(name) || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) return 'date';
    return 'text';
  }

  const showFact = (v) => (typeof v === 'boolean' ? (v ? 'ja' : 'nej') : v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

  function parseDate(s) {
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    const dk = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
    const [y, m, d] = iso ? iso.slice(1) : dk ? [dk[3], dk[2], dk[1]] : [];
    if (!y) return null;
    const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const t = new Date(`${out}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(out) ? out : null;
  }

  // Read an edited value back into the type the fact had: ja/nej → boolean, numbers, ISO dates.
  function parseFact(name, raw, original) {
    const s = raw.trim();
    if (!s) return { value: null };
    const kind = factKind(name, original);
    if (kind === 'bool') {
      if (/^(ja|j|true|sand|1)$/i.test(s)) return { value: true };
      if (/^(nej|n|false|falsk|0)$/i.test(s)) return { value: false };
      return { error: 'Skriv ja eller nej.' };
    }
    if (kind === 'number') {
      const n = Number(s.replace(',', '.'));
      return Number.isFinite(n) ? { value: n } : { error: 'Skriv et tal.' };
    }
    if (kind === 'date') {
      const d = parseDate(s);
      return d ? { value: d } : { error: 'Skriv datoen som ÅÅÅÅ-MM-DD.' };
    }
    return { value: s };
  }

  function renderFacts(facts) {
    state.facts = facts || {};
    els.factsList.textContent = '';
    const order = Object.keys(FACT_LABELS);
    const rank = (n) => (order.indexOf(n) + 1) || 99;
    const names = Object.keys(state.facts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    names.forEach((name, i) => {
      const value = state.facts[name];
      const kind = factKind(name, value);
      const id = `fact-input-${i}`;
      const label = factLabel(name);
      const input = el('input', { id, type: 'text', value: showFact(value), autocomplete: 'off',
        inputmode: kind === 'number' ? 'decimal' : null, placeholder: KIND_HINT[kind] || null });
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); saveFact(name, input); } });
      els.factsList.append(el('li', { class: 'fact-row', 'data-fact': name },
        el('label', { for: id }, label, KIND_HINT[kind] ? el('span', { class: 'hint', text: ` (${KIND_HINT[kind]})` }) : null),
        input,
        el('span', { class: 'fact-actions' },
          el('button', { type: 'button', class: 'fact-save', 'aria-label': `Gem ${label}`, text: 'Gem',
            onclick: () => saveFact(name, input) }),
          el('button', { type: 'button', class: 'secondary fact-remove', 'aria-label': `Fjern ${label}`, text: 'Fjern',
            onclick: () => putFacts({ [name]: null }, null) }))));
    });
    els.factsEmpty.hidden = names.length > 0;
  }

  function saveFact(name, input) {
    const parsed = parseFact(name, input.value, state.facts[name]);
    if (parsed.error) {
      showError(`${factLabel(name)}: ${parsed.error}`);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    putFacts({ [name]: parsed.value }, parsed.value === null ? null : name);
  }

  async function putFacts(facts, focusName) {
    if (!state.id) { showError('Der er ingen samtale at gemme fakta i endnu.'); return; }
    try {
      const conv = await json(`/api/conversations/${encodeURIComponent(state.id)}/facts`, 'PUT', { facts });
      showError('');
      renderFacts(conv.facts || {});
      els.factsStatus.textContent = focusName ? `${factLabel(focusName)} er gemt.` : 'Faktum er fjernet.';
      const row = focusName && [...els.factsList.children].find((r) => r.dataset.fact === focusName);
      (row ? row.querySelector('input') : els.factsHeading).focus();
    } catch (e) { showError(e.message); }
  }

  // ------------------------------------------------------------------ loading, new conversation
  async function loadConversation(id) {
    try {
      const conv = await json(`/api/conversations/${encodeURIComponent(id)}`, 'GET');
      setConversation(conv.id || id);
      showError('');
      renderConversation(conv);
    } catch (e) {
      if (e.status !== 404) { showError(e.message); return; }
      resetConversation();
      showError('Samtalen findes ikke længere. Du kan starte en ny.');
    }
  }

  function resetConversation() {
    setConversation(null);
    clearLog();
    renderFacts({});
    showError('');
    els.factsStatus.textContent = '';
    els.lawVersion.textContent = '';
  }

  // ------------------------------------------------------------------ wiring
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (state.busy) return;
    const text = els.question.value.trim();
    if (!text) { showError('Skriv et spørgsmål først.'); els.question.focus(); return; }
    els.question.value = '';
    ask(text);
  });
  els.question.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    if (els.form.requestSubmit) els.form.requestSubmit(); else els.send.click();
  });
  document.querySelectorAll('input[name="audience"]').forEach((r) => r.addEventListener('change', syncAudience));
  els.newConv.addEventListener('click', () => {
    resetConversation();
    els.question.value = '';
    els.question.focus();
  });
  els.srcClose.addEventListener('click', () => closeSource(true));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !els.panel.hidden) { e.preventDefault(); closeSource(true); }
  });
  window.addEventListener('hashchange', () => {
    const id = idFromHash();
    if (id && id !== state.id) loadConversation(id);
  });

  setAudience(localStorage.getItem(STORE_AUDIENCE) || 'caseworker');
  // a signed-in citizen has no audience switch: the service answers citizens from public sources only
  json('/api/me', 'GET').then((me) => {
    if (me.role !== 'citizen') return;
    setAudience('citizen');
    document.querySelector('fieldset.audience').hidden = true;
  }, () => {});
  renderFacts({});
  const initial = idFromHash() || localStorage.getItem(STORE_ID);
  if (initial) loadConversation(initial);
})();
