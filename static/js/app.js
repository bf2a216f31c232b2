// Ask before destructive actions: any form or button with data-confirm="…" needs a yes.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A select marked data-autosubmit sends its form when changed (the policy allows no inline handlers).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});
