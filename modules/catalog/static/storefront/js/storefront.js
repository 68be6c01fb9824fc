/* Catalog storefront: variant choice, image gallery and filter auto-submit.
   Every page works without this script; it only saves a round trip. */
(function () {
  "use strict";

  document.documentElement.classList.add("sf-js");

  // ------------------------------------------------------------ variants
  var form = document.querySelector("[data-variant-form]");
  var dataNode = document.querySelector("script[data-variants]");
  if (form && dataNode) {
    var variants = JSON.parse(dataNode.textContent || "[]");
    var selects = form.querySelectorAll("select[data-option]");
    var byId = form.querySelector("select[name=variant]");

    var setText = function (selector, text) {
      var node = document.querySelector(selector);
      if (node) node.textContent = text;
    };

    var chosen = function () {
      if (byId) {
        var id = parseInt(byId.value, 10);
        return variants.filter(function (v) { return v.id === id; })[0];
      }
      var wanted = {};
      selects.forEach(function (s) { wanted[s.getAttribute("data-option")] = s.value; });
      return variants.filter(function (v) {
        return Object.keys(wanted).every(function (k) { return (v.options[k] || "") === wanted[k]; });
      })[0];
    };

    var show = function () {
      var variant = chosen();
      var stock = document.querySelector("[data-availability]");
      if (!variant) {
        if (stock) {
          stock.className = "sf-stock sf-stock-out";
          stock.textContent = form.getAttribute("data-unavailable") || stock.textContent;
        }
        return;
      }
      setText("[data-testid=product-price] [data-price]", variant.price);
      setText("[data-sku]", variant.sku);
      setText("[data-gtin]", variant.gtin);
      if (stock) {
        stock.className = "sf-stock sf-stock-" + variant.availability;
        stock.textContent = variant.availability_label;
      }
      var url = new URL(window.location.href);
      Array.from(url.searchParams.keys()).forEach(function (k) {
        if (k.indexOf("opt.") === 0) url.searchParams.delete(k);
      });
      url.searchParams.set("variant", variant.id);
      window.history.replaceState(null, "", url.toString());
      document.dispatchEvent(new CustomEvent("catalog:variant", { detail: variant }));
    };

    form.addEventListener("change", show);
    form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  }

  // ------------------------------------------------------------ gallery
  var main = document.querySelector("[data-gallery-main]");
  document.querySelectorAll("[data-gallery-thumb]").forEach(function (thumb) {
    thumb.addEventListener("click", function (event) {
      if (!main) return;
      event.preventDefault();
      main.src = thumb.getAttribute("data-full");
      main.alt = thumb.getAttribute("data-alt") || "";
      main.removeAttribute("width");
      main.removeAttribute("height");
      document.querySelectorAll("[data-gallery-thumb]").forEach(function (t) { t.removeAttribute("aria-current"); });
      thumb.setAttribute("aria-current", "true");
    });
  });

  // ------------------------------------------------------------ filters
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var filterForm = select.form;
      var page = filterForm && filterForm.querySelector("input[name=page]");
      if (page) page.remove();
      if (filterForm) filterForm.submit();
    });
  });
  // Filters start folded on phones, open on wider screens.
  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia("(max-width: 720px)").matches && !filters.querySelector("[aria-invalid]")) {
    filters.removeAttribute("open");
  }
})();
