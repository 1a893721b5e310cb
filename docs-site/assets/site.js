// Code tabs (the chosen language is remembered across pages) and copy buttons. No dependencies.
(() => {
  var KEY = 'parley-docs-lang';
  function choose(lang) {
    document.querySelectorAll('[data-tabs]').forEach((tabs) => {
      var has = tabs.querySelector(`[role="tab"][data-lang="${lang}"]`);
      if (!has) return;
      tabs.querySelectorAll('[role="tab"]').forEach((t) => {
        t.setAttribute('aria-selected', String(t.dataset.lang === lang));
      });
      tabs.querySelectorAll('[role="tabpanel"]').forEach((p) => {
        p.hidden = p.dataset.lang !== lang;
      });
    });
  }
  document.addEventListener('click', (event) => {
    var tab = event.target.closest('[role="tab"]');
    if (tab) {
      choose(tab.dataset.lang);
      try {
        localStorage.setItem(KEY, tab.dataset.lang);
      } catch (_e) {
        /* storage unavailable */
      }
      return;
    }
    var copy = event.target.closest('button.copy');
    if (copy) {
      var code = copy.parentElement.querySelector('pre').textContent;
      var done = () => {
        copy.textContent = 'Copied';
        setTimeout(() => {
          copy.textContent = 'Copy';
        }, 1500);
      };
      if (navigator.clipboard)
        navigator.clipboard.writeText(code).then(done, () => {
          copy.textContent = 'Select and copy';
        });
    }
  });
  try {
    var saved = localStorage.getItem(KEY);
    if (saved) choose(saved);
  } catch (_e) {
    /* storage unavailable */
  }
})();
