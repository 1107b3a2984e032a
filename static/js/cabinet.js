// Keep the CSRF header fresh for htmx requests made after a token rotation (sign-in).
document.body.addEventListener("htmx:configRequest", function (event) {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
});
