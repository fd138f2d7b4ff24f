/*
 * The admin's "Find in the gazetteer" field (issue 9, item 1): suggestions
 * as the editor types, and the place's fields filled in when one is picked.
 *
 * Progressive enhancement: without this script the editor types
 * "Stockton, CA" and the save looks it up (articles/admin_places.py).
 * No inline script, no CDN: a file of its own, loaded by the form's Media.
 *
 * The field carries data-gazetteer-url (the staff-only JSON of
 * articles.admin_places.gazetteer_suggestions) and list="gazetteer-suggestions";
 * the <datalist> is made here. A suggestion's value is its label
 * ("Stockton, CA", "California (state)"), with its key in brackets when two
 * share a label ("Burbank, CA [geonames:5331835]"): the server reads both.
 */
(function () {
  "use strict";

  var KIND_WORDS = { city: "City or town", county: "County", state: "State" };

  function init() {
    var input = document.querySelector("input[data-gazetteer-url]");
    if (!input) {
      return;
    }
    var url = input.getAttribute("data-gazetteer-url");
    var list = document.createElement("datalist");
    list.id = input.getAttribute("list") || "gazetteer-suggestions";
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    var status = document.createElement("p");
    status.className = "gazetteer-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    list.insertAdjacentElement("afterend", status);

    var offered = new Map();
    var timer = null;
    var pending = null;

    function set(id, value) {
      var field = document.getElementById(id);
      if (!field) {
        return;
      }
      field.value = value === null || value === undefined ? "" : String(value);
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function fill(entry) {
      set("id_name", entry.name);
      set("id_state", entry.state);
      set("id_kind", entry.kind);
      set("id_latitude", entry.latitude);
      set("id_longitude", entry.longitude);
      set("id_gazetteer_id", entry.key);
      status.textContent =
        "Filled in from the gazetteer: " + entry.label + " (" + entry.key + ")" +
        (entry.latitude === null ? ", no coordinates in the gazetteer." : ".");
    }

    function describe(entry) {
      var words = KIND_WORDS[entry.kind] || entry.kind;
      if (entry.population) {
        words += ", population " + entry.population.toLocaleString("en-US");
      }
      return words;
    }

    function show(results) {
      var labels = {};
      results.forEach(function (entry) {
        labels[entry.label] = (labels[entry.label] || 0) + 1;
      });
      offered.clear();
      var options = results.map(function (entry) {
        var value = labels[entry.label] > 1 ? entry.label + " [" + entry.key + "]" : entry.label;
        offered.set(value, entry);
        var option = document.createElement("option");
        option.value = value;
        option.label = describe(entry);
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    function ask(query) {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (reply) {
          return reply.ok ? reply.json() : { results: [] };
        })
        .then(function (body) {
          show(body.results || []);
        })
        .catch(function () {
          /* aborted by a newer keystroke, or offline: the save still looks it up */
        });
    }

    input.addEventListener("input", function () {
      var picked = offered.get(input.value);
      if (picked) {
        fill(picked);
        return;
      }
      status.textContent = "";
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        return;
      }
      timer = window.setTimeout(function () {
        ask(query);
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
