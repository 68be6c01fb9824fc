// Live preview of the theme form: the preview box follows the chosen theme and colours as the
// vendor types, before anything is saved. Without JavaScript the preview shows the saved theme.
(function () {
  "use strict";
  var form = document.querySelector("[data-theme-form]");
  var preview = document.querySelector("[data-theme-preview]");
  if (!form || !preview) return;
  var HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

  function chosen() {
    var input = form.querySelector('input[name="theme"]:checked');
    return input ? input.closest("[data-theme-option]") : null;
  }

  function colour(name, fallback) {
    var field = form.querySelector('[name="' + name + '"]');
    var value = field ? field.value.trim() : "";
    return HEX.test(value) ? value : fallback;
  }

  function update() {
    var option = chosen();
    if (!option) return;
    var d = option.dataset;
    var vars = {
      "--shop-primary": colour("primary_color", d.primary),
      "--shop-accent": colour("accent_color", d.accent),
      "--shop-text": d.text,
      "--shop-bg": d.bg,
      "--shop-surface": d.surface,
      "--shop-primary-ink": d.ink,
      "--shop-font": d.font,
      "--shop-radius": d.radius
    };
    Object.keys(vars).forEach(function (name) { preview.style.setProperty(name, vars[name]); });
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
