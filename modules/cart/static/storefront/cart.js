/* cart module, product page: the "Add to cart" form follows the variant the customer picks.
   The form works without this script (the variant form reloads the page with ?variant=). */
(function () {
  "use strict";
  var form = document.querySelector("[data-cart-add]");
  if (!form) return;
  var input = form.querySelector("[data-cart-variant]");
  var button = form.querySelector("[data-cart-button]");
  var set = function (buyable) {
    button.disabled = !buyable;
    button.textContent = button.getAttribute(buyable ? "data-label" : "data-sold-out");
  };
  // A new pick: nothing to add until the catalog says which variant it is (no "catalog:variant"
  // when no variant has that combination). Capture on the document runs before the catalog's own
  // listener on the form, which announces the variant.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-variant-form]")) set(false);
  }, true);
  document.addEventListener("catalog:variant", function (event) {
    input.value = event.detail.id;
    set(event.detail.availability !== "out");
  });
})();
