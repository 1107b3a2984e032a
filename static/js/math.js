// Formulas in test questions (TeX between \( \) or $$ $$), rendered by KaTeX, again after every htmx swap.
(function () {
  function render(root) {
    if (typeof window.renderMathInElement !== "function") return;
    window.renderMathInElement(root, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".math").forEach(render);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    render(event.detail.target);
  });
})();
