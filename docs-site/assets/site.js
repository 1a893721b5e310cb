// Code tabs (the chosen language is remembered across pages) and copy buttons. No dependencies.
(() => {
  const KEY = 'parley-docs-lang';
  function choose(lang) {
    document.querySelectorAll('[data-tabs]').forEach((tabs) => {
      const has = tabs.querySelector(`[role="tab"][data-lang="${lang}"]`);
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
    const tab = event.target.closest('[role="tab"]');
    if (tab) {
      choose(tab.dataset.lang);
      try {
        localStorage.setItem(KEY, tab.dataset.lang);
      } catch (_e) {
        /* storage unavailable */
      }
      return;
    }
    const copy = event.target.closest('button.copy');
    if (copy) {
      const code = copy.parentElement.querySelector('pre').textContent;
      const done = () => {
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
    const saved = localStorage.getItem(KEY);
    if (saved) choose(saved);
  } catch (_e) {
    /* storage unavailable */
  }
})();
