// Code tabs (the chosen language is remembered across pages) and copy buttons. No dependencies.
(function () {
  var KEY = 'parley-docs-lang';
  function choose(lang) {
    document.querySelectorAll('[data-tabs]').forEach(function (tabs) {
      var has = tabs.querySelector('[role="tab"][data-lang="' + lang + '"]');
      if (!has) return;
      tabs.querySelectorAll('[role="tab"]').forEach(function (t) { t.setAttribute('aria-selected', String(t.dataset.lang === lang)); });
      tabs.querySelectorAll('[role="tabpanel"]').forEach(function (p) { p.hidden = p.dataset.lang !== lang; });
    });
  }
  document.addEventListener('click', function (event) {
    var tab = event.target.closest('[role="tab"]');
    if (tab) {
      choose(tab.dataset.lang);
      try { localStorage.setItem(KEY, tab.dataset.lang); } catch (e) { /* storage unavailable */ }
      return;
    }
    var copy = event.target.closest('button.copy');
    if (copy) {
      var code = copy.parentElement.querySelector('pre').innerText;
      var done = function () { copy.textContent = 'Copied'; setTimeout(function () { copy.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard) navigator.clipboard.writeText(code).then(done, function () { copy.textContent = 'Select and copy'; });
    }
  });
  try { var saved = localStorage.getItem(KEY); if (saved) choose(saved); } catch (e) { /* storage unavailable */ }
})();
