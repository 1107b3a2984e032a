// Keep the CSRF header fresh for htmx requests made after a token rotation (sign-in).
document.body.addEventListener("htmx:configRequest", function (event) {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
});

// Positions and sizes the server computes (the week grid, progress bars) arrive as data-geometry="top:4rem;width:50%":
// the Content-Security-Policy allows no style attribute, and setting them here through the CSSOM is not one. Only
// these four properties, in rem or percent, are read.
const GEOMETRY = /^\s*(top|left|width|height)\s*:\s*(\d+(?:\.\d+)?)(rem|%)\s*$/;

function applyGeometry(root) {
  const elements = Array.from(root.querySelectorAll("[data-geometry]"));
  if (root.matches && root.matches("[data-geometry]")) elements.push(root);
  elements.forEach(function (element) {
    element.dataset.geometry.split(";").forEach(function (declaration) {
      const match = declaration.match(GEOMETRY);
      if (match) element.style.setProperty(match[1], match[2] + match[3]);
    });
  });
}

htmx.onLoad(applyGeometry); // the page, then every fragment htmx swaps in

// A "select all" box checks the boxes named in data-check-all (the IUP queue's bulk signing).
document.addEventListener("change", function (event) {
  const name = event.target.dataset && event.target.dataset.checkAll;
  if (!name) return;
  document.querySelectorAll(`input[name="${name}"]`).forEach(function (box) {
    box.checked = event.target.checked;
  });
});

// A copy button copies data-copy and says data-done (the calendar feed's link).
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  navigator.clipboard.writeText(button.dataset.copy);
  const label = button.querySelector(".copy-label");
  if (label) label.textContent = button.dataset.done;
});
