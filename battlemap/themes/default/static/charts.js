/* Make the server-rendered SVG charts interactive (tooltips) where JavaScript runs.
   Without JavaScript, or if Vega fails, the SVG stays as it is. */
(function () {
  "use strict";
  function upgrade(figure) {
    var specNode = figure.querySelector("script.chart-spec");
    var body = figure.querySelector(".chart-body");
    if (!specNode || !body || typeof window.vegaEmbed !== "function") return;
    var spec;
    try { spec = JSON.parse(specNode.textContent); } catch (e) { return; }
    var target = document.createElement("div");
    target.className = "chart-live";
    window.vegaEmbed(target, spec, { renderer: "svg", actions: false, tooltip: true })
      .then(function () {
        // Vega names its mark groups in English; a screen reader names them in its own language
        var groups = target.querySelectorAll('[aria-roledescription$="mark container"]');
        for (var i = 0; i < groups.length; i++) groups[i].removeAttribute("aria-roledescription");
        body.replaceWith(target);
      })
      .catch(function () { /* keep the static SVG */ });
  }
  function start() {
    var figures = document.querySelectorAll("figure.chart");
    for (var i = 0; i < figures.length; i++) upgrade(figures[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
