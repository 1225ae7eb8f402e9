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
        // Vega describes its groups and titles in English: a group without the attribute is
        // named in the screen reader's own language, a title by its own text
        var groups = target.querySelectorAll("[aria-roledescription]");
        for (var i = 0; i < groups.length; i++) {
          var role = groups[i].getAttribute("aria-roledescription");
          if (role === "title" || / mark container$/.test(role)) {
            groups[i].removeAttribute("aria-roledescription");
          }
        }
        var titles = target.querySelectorAll('[aria-label^="Title text"]');
        for (var j = 0; j < titles.length; j++) {
          var label = titles[j].getAttribute("aria-label");
          titles[j].setAttribute("aria-label", label.replace(/^Title text '(.*)'$/, "$1"));
        }
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
