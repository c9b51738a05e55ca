// Progressive enhancement for the server-rendered pages: JSON calls to the
// API with the session's CSRF token, the review queue's keyboard shortcuts,
// and the rule editor's live checks. Loaded from our own origin only (the
// CSP forbids inline script), and every text from the server goes into the
// page with textContent, never innerHTML.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function api(method, url, body) {
    var opts = { method: method, headers: { 'x-csrf-token': csrf, accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      opts.headers['content-type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { message: text }; }
        return { ok: res.ok, status: res.status, data: data };
      });
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function flash(text, isError) {
    var box = document.getElementById('flash');
    if (!box) return;
    box.textContent = text;
    box.className = isError ? 'error' : 'ok';
  }

  function problemText(r) {
    var d = r.data || {};
    var parts = [d.message || ('HTTP ' + r.status)];
    if (Array.isArray(d.problems)) parts = d.problems;
    return parts.join('; ');
  }

  function after(then, r, el0) {
    if (!r.ok) return flash(problemText(r), true);
    if (then === 'reload') return location.reload();
    if (then === 'item') return r.status === 204 ? flash('Nothing to review.') : (location.href = '/app/items/' + r.data.id);
    if (then === 'message') return flash((el0 && el0.getAttribute('data-message')) || 'Done');
    if (then && then.charAt(0) === '/') return (location.href = then);
    flash('Saved');
  }

  // Buttons that call the API: data-action (URL), data-method, data-body (JSON), data-then.
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest && ev.target.closest('[data-action]');
    if (!b) return;
    ev.preventDefault();
    var question = b.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    var body = b.getAttribute('data-body');
    api(b.getAttribute('data-method') || 'POST', b.getAttribute('data-action'), body ? JSON.parse(body) : undefined).then(function (r) {
      after(b.getAttribute('data-then'), r, b);
    });
  });

  // Forms sent to the API as JSON: data-api (URL), data-method, data-then. "a.b" names nest.
  function formJson(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || f.disabled || f.type === 'submit' || f.type === 'button') return;
      var v;
      if (f.type === 'checkbox') v = f.checked;
      else if (f.type === 'radio') { if (!f.checked) return; v = f.value; }
      else if (f.type === 'number' || f.getAttribute('data-type') === 'number') { if (f.value === '') return; v = Number(f.value); }
      else if (f.getAttribute('data-type') === 'list') v = f.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      else { v = f.value; if (v === '' && !f.required) return; }
      var path = f.name.split('.');
      var o = out;
      for (var i = 0; i < path.length - 1; i++) o = o[path[i]] = o[path[i]] || {};
      o[path[path.length - 1]] = v;
    });
    return out;
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.hasAttribute('data-api')) return;
    ev.preventDefault();
    api(form.getAttribute('data-method') || 'POST', form.getAttribute('data-api'), formJson(form)).then(function (r) {
      after(form.getAttribute('data-then'), r, form);
    });
  });

  // ---- Review: queue shortcuts and the decision dialog ----
  var dialog = document.getElementById('decide');
  var pending = null;

  function openDecision(kind, itemId, version, onDone) {
    if (!dialog) return;
    pending = { kind: kind, itemId: itemId, version: version, onDone: onDone };
    document.getElementById('decide-title').textContent = { confirm: 'Confirm', dismiss: 'Dismiss', escalate: 'Escalate', note: 'Add a note', reopen: 'Reopen' }[kind];
    Array.prototype.forEach.call(dialog.querySelectorAll('fieldset[data-for]'), function (fs) { fs.hidden = fs.getAttribute('data-for') !== kind; });
    dialog.querySelector('textarea[name="note"]').value = '';
    dialog.showModal();
    var first = dialog.querySelector('fieldset:not([hidden]) input:checked') || dialog.querySelector('textarea');
    first.focus();
  }

  function submitDecision() {
    var p = pending;
    if (!p) return;
    var f = document.getElementById('decide-form');
    var note = f.elements.note.value.trim() || undefined;
    var body = { version: p.version, note: note };
    if (p.kind === 'confirm') body.disposition = f.querySelector('input[name="disposition"]:checked').value;
    if (p.kind === 'dismiss') body.reason = f.querySelector('input[name="reason"]:checked').value;
    var url = '/review-items/' + p.itemId + '/' + (p.kind === 'note' ? 'notes' : p.kind);
    if (p.kind === 'note') body = { note: note || '' };
    dialog.close();
    pending = null;
    api('POST', url, body).then(function (r) {
      if (!r.ok) return flash(r.status === 409 ? 'Someone changed this item meanwhile: reload to see it.' : problemText(r), true);
      flash(p.kind === 'note' ? 'Note added' : 'Saved: ' + p.kind);
      if (p.onDone) p.onDone(r.data);
    });
  }

  if (dialog) {
    dialog.addEventListener('submit', function (ev) { ev.preventDefault(); submitDecision(); });
    dialog.querySelector('[data-close]').addEventListener('click', function () { dialog.close(); pending = null; });
    dialog.addEventListener('keydown', function (ev) {
      if (/^[1-9]$/.test(ev.key) && ev.target.tagName !== 'TEXTAREA') {
        var radios = dialog.querySelectorAll('fieldset:not([hidden]) input[type="radio"]');
        var r = radios[Number(ev.key) - 1];
        if (r) { r.checked = true; r.focus(); ev.preventDefault(); }
      } else if (ev.key === 'Enter' && !ev.shiftKey) {
        ev.preventDefault();
        submitDecision();
      }
    });
  }

  var queue = document.getElementById('queue');
  if (queue) {
    var rows = function () { return Array.prototype.slice.call(queue.querySelectorAll('tbody tr[data-item-id]')); };
    var current = 0;
    var select = function (i) {
      var rs = rows();
      if (!rs.length) return;
      current = Math.max(0, Math.min(rs.length - 1, i));
      rs.forEach(function (r, j) { r.classList.toggle('selected', j === current); r.setAttribute('aria-selected', j === current ? 'true' : 'false'); });
      rs[current].focus();
    };
    select(0);
    var canAct = queue.getAttribute('data-can-act') === 'true';
    document.addEventListener('keydown', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || (dialog && dialog.open)) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
      var row = rows()[current];
      if (ev.key === 'j') { select(current + 1); ev.preventDefault(); }
      else if (ev.key === 'k') { select(current - 1); ev.preventDefault(); }
      else if (ev.key === 'Enter' && row) { location.href = '/app/items/' + row.getAttribute('data-item-id'); }
      else if (canAct && row && { c: 'confirm', d: 'dismiss', e: 'escalate', n: 'note' }[ev.key]) {
        ev.preventDefault();
        var kind = { c: 'confirm', d: 'dismiss', e: 'escalate', n: 'note' }[ev.key];
        openDecision(kind, row.getAttribute('data-item-id'), Number(row.getAttribute('data-version')), function (res) {
          var item = res && res.item ? res.item : res;
          if (item && item.version) row.setAttribute('data-version', item.version);
          if (item && item.state) row.querySelector('.state').textContent = item.state.replace('_', ' ');
          if (kind !== 'note') { row.classList.add('decided'); select(current + 1); }
        });
      }
    });
  }

  var decision = document.getElementById('decision');
  if (decision) {
    var start = function (kind) {
      openDecision(kind, decision.getAttribute('data-item-id'), Number(decision.getAttribute('data-version')), function () { location.reload(); });
    };
    decision.addEventListener('click', function (ev) {
      var b = ev.target.closest('[data-decide]');
      if (b) start(b.getAttribute('data-decide'));
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || (dialog && dialog.open) || /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
      var kind = { c: 'confirm', d: 'dismiss', e: 'escalate', n: 'note' }[ev.key];
      if (kind) { ev.preventDefault(); start(kind); }
    });
  }

  // ---- Rule editor ----
  var editor = document.getElementById('rule-editor');
  if (editor) {
    var lines = function (name) { return editor.elements[name].value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean); };
    var draft = function () {
      return {
        id: editor.elements.id.value.trim() || 'draft',
        name: editor.elements.name.value.trim() || 'draft',
        description: editor.elements.description.value,
        category: editor.elements.category.value,
        severity: editor.elements.severity.value,
        threshold: Number(editor.elements.threshold.value || 1),
        enabled: editor.elements.enabled.checked,
        query: editor.elements.query.value,
        tests: { match: lines('tests.match'), noMatch: lines('tests.noMatch') },
      };
    };
    var syntax = document.getElementById('syntax');
    var results = document.getElementById('test-results');
    var timer = null;
    var check = function () {
      api('POST', '/app/rules/check', draft()).then(function (r) {
        if (!r.ok) return;
        syntax.textContent = r.data.problems.length ? r.data.problems.join('; ') : 'Syntax OK';
        syntax.className = 'check ' + (r.data.problems.length ? 'bad' : 'good');
        results.textContent = '';
        r.data.tests.forEach(function (t) {
          var li = el('li', (t.passed ? 'pass' : 'FAIL') + ' · ' + (t.expected === 'match' ? 'must match' : 'must not match') + ': ' + t.text, t.passed ? 'pass' : 'fail');
          results.appendChild(li);
        });
        editor.setAttribute('data-tests', r.data.ok ? 'pass' : 'fail');
      });
    };
    editor.addEventListener('input', function (ev) {
      if (ev.target.id && /^(try|bt)-/.test(ev.target.id)) return;
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
    check();

    var evidenceList = function (matches) {
      var ul = el('ul');
      matches.forEach(function (m) {
        var li = el('li', m.ruleId + ' (' + m.category + ', score ' + m.score + ')');
        (m.evidence || []).forEach(function (e) { li.appendChild(el('div', e.snippet, 'snippet')); });
        ul.appendChild(li);
      });
      return ul;
    };
    document.getElementById('try-run').addEventListener('click', function () {
      var out = document.getElementById('try-result');
      api('POST', '/rules/test', { title: document.getElementById('try-title').value, text: document.getElementById('try-text').value, rule: draft() }).then(function (r) {
        out.textContent = '';
        if (!r.ok) return out.appendChild(el('p', problemText(r), 'error'));
        out.appendChild(el('p', r.data.matches.length ? 'Matches:' : 'No match.', r.data.matches.length ? 'good' : ''));
        out.appendChild(evidenceList(r.data.matches));
      });
    });
    document.getElementById('bt-run').addEventListener('click', function () {
      var out = document.getElementById('bt-result');
      out.textContent = 'Running…';
      var from = document.getElementById('bt-from').value;
      var to = document.getElementById('bt-to').value;
      api('POST', '/rules/backtest', { rule: draft(), from: from || undefined, to: to || undefined, samples: 10 }).then(function (r) {
        out.textContent = '';
        if (!r.ok) return out.appendChild(el('p', problemText(r), 'error'));
        var d = r.data;
        out.appendChild(el('p', d.hits + ' hit(s) in ' + d.articlesScanned + ' article(s) (' + d.elapsedMs + ' ms)', 'backtest-summary'));
        var ul = el('ul');
        d.samples.forEach(function (s) {
          var li = el('li');
          var a = el('a', s.title);
          a.href = '/app/articles/' + s.articleId;
          li.appendChild(el('strong', s.title));
          (s.evidence || []).slice(0, 2).forEach(function (e) { li.appendChild(el('div', e.snippet, 'snippet')); });
          ul.appendChild(li);
        });
        out.appendChild(ul);
      });
    });

    editor.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var id = editor.getAttribute('data-rule-id');
      var body = draft();
      body.note = editor.elements.note.value || undefined;
      if (id) body.expectedVersion = Number(editor.getAttribute('data-version'));
      api(id ? 'PUT' : 'POST', id ? '/rules/' + encodeURIComponent(id) : '/rules', body).then(function (r) {
        if (r.ok) return (location.href = '/app/rules/' + encodeURIComponent(r.data.id) + '/history');
        if (r.status === 422) flash('Not saved: ' + (r.data.failures || []).length + ' test case(s) fail', true);
        else if (r.status === 409) flash('Not saved: the rule changed since you opened it (reload to see the new version).', true);
        else flash('Not saved: ' + problemText(r), true);
      });
    });
  }
})();
