/* The payment page: Stripe.js mounts its card field, confirms the PaymentIntent with its client
   secret, then the customer goes back through the shop (which asks Stripe how it went). */
(function () {
  "use strict";
  var form = document.querySelector("[data-pay-form]");
  if (!form || typeof window.Stripe !== "function") {
    var missing = document.querySelector("[data-pay-unavailable]");
    if (missing) { missing.hidden = false; }
    if (form) { form.hidden = true; }
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card");
  card.mount("[data-card-element]");
  var button = form.querySelector("button[type=submit]");
  var error = form.querySelector("[data-pay-error]");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    error.textContent = "";
    form.setAttribute("aria-busy", "true");
    stripe.confirmCardPayment(form.dataset.clientSecret, {
      payment_method: { card: card, billing_details: { email: form.dataset.email || undefined } }
    }).then(function (result) {
      if (result.error) {
        error.textContent = result.error.message || form.dataset.genericError;
        button.disabled = false;
        form.removeAttribute("aria-busy");
        return;
      }
      window.location.assign(form.dataset.returnUrl);
    });
  });
})();
