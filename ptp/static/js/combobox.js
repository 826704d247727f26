// Autocomplete for inputs marked data-combobox-source (WAI-ARIA combobox with a listbox).
// The server renders the options (skills/skill_options.html); this file only fetches, shows and
// lets the user pick them with keyboard or pointer. Without it the form still works: the typed
// text is sent and the server picks the best match.
(() => {
  const DELAY_MS = 150;

  function setup(input) {
    const listHost = document.getElementById(input.getAttribute("aria-controls") + "-host");
    const hidden = input.form.querySelector(`input[name="${input.dataset.comboboxTarget}"]`);
    let timer = null;
    let active = -1;

    const options = () => Array.from(listHost.querySelectorAll('[role="option"]'));
    const close = () => {
      listHost.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const highlight = (index) => {
      const all = options();
      all.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      }
    };
    const choose = (option) => {
      input.value = option.dataset.label;
      hidden.value = option.dataset.id;
      close();
      input.form.requestSubmit();
    };

    input.addEventListener("input", () => {
      hidden.value = "";
      clearTimeout(timer);
      const term = input.value.trim();
      if (term.length < 2) {
        close();
        return;
      }
      timer = setTimeout(async () => {
        const url = new URL(input.dataset.comboboxSource, window.location.origin);
        url.searchParams.set("q", term);
        url.searchParams.set("lista", input.getAttribute("aria-controls"));
        const response = await fetch(url, { headers: { Accept: "text/html" } });
        if (!response.ok || input.value.trim() !== term) return;
        listHost.innerHTML = await response.text();
        input.setAttribute("aria-expanded", options().length ? "true" : "false");
        active = -1;
      }, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const all = options();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        highlight((active + 1) % all.length);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        highlight((active - 1 + all.length) % all.length);
      } else if (event.key === "Enter" && active >= 0 && all[active]) {
        event.preventDefault();
        choose(all[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });

    listHost.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) choose(option);
    });
    input.addEventListener("blur", () => setTimeout(close, 200));
  }

  document.querySelectorAll("input[data-combobox-source]").forEach(setup);
})();
