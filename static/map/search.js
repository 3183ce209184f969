// Search (the API's typo-tolerant `search`): the organizations found are listed as
// buttons; the best one opens its panel, and on the network view the camera flies to it.
"use strict";
(function () {
  var LerMap = window.LerMap;
  var el = LerMap.el;
  var QUERY = "query Search($text: String!) { search(text: $text, first: 10) { score " +
    "item { __typename ... on Stakeholder { id name } } } }";

  function choose(hit, opener) {
    if (LerMap.current === "network" && LerMap.flyTo) LerMap.flyTo(hit.id);
    LerMap.openPanel(hit.id, opener);
  }

  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("search-text").value.trim();
    var results = document.getElementById("search-results");
    if (!text) return;
    results.textContent = "Searching...";
    LerMap.gql(QUERY, { text: text }).then(function (data) {
      var hits = data.search.map(function (r) { return r.item; })
        .filter(function (item) { return item.__typename === "Stakeholder"; });
      results.textContent = "";
      if (!hits.length) {
        results.appendChild(el("p", {}, "No organization matches \u201c" + text + "\u201d."));
        return;
      }
      results.appendChild(el("p", {}, hits.length === 1 ? "1 organization found:"
                                                        : hits.length + " organizations found:"));
      var list = el("ul");
      hits.forEach(function (hit) {
        var item = el("li");
        var button = el("button", { type: "button", "class": "linklike", "data-id": hit.id },
                        hit.name);
        button.addEventListener("click", function () { choose(hit, button); });
        item.appendChild(button);
        list.appendChild(item);
      });
      results.appendChild(list);
      choose(hits[0], document.getElementById("search-text"));
    }).catch(function (err) {
      results.textContent = "";
      LerMap.showError(err.message);
    });
  });
})();
