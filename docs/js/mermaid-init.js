// Draw every mermaid block of the page with the bundled mermaid (js/mermaid.min.js, pinned in
// package.json; no network).  pymdownx.superfences writes the blocks as <div class="mermaid">.
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
window.addEventListener("load", function () {
  mermaid.run({ querySelector: "div.mermaid" });
});
