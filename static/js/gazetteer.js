/*
 * The admin's "Find in the gazetteer" field (issue 9, item 1): suggestions
 * as the editor types, and the place's fields filled in when one is picked.
 *
 * Progressive enhancement: without this script the editor types
 * "Stockton, CA" and the save looks it up (articles/admin_places.py).
 * No inline script, no CDN: a file of its own, loaded by the form's Media.
 *
 * An ARIA 1.2 combobox with a list box (WAI-ARIA Authoring Practices,
 * "Editable Combobox With List Autocomplete"): Down/Up move through the
 * suggestions, Enter or a click picks one, Escape closes the list. The
 * field carries data-gazetteer-url (the staff-only JSON of
 * articles.admin_places.gazetteer_suggestions). A pick writes its label into
 * the field ("Stockton, CA", "California (state)"; with its key in brackets
 * when two share a label: "Burbank, CA [geonames:5331835]"), which the
 * server reads as the same entry, and fills name, state, kind, coordinates
 * and the gazetteer key.
 */
(function () {
  "use strict";

  var KIND_WORDS = { city: "city or town", county: "county", state: "state" };

  function init() {
    var input = document.querySelector("input[data-gazetteer-url]");
    if (!input) {
      return;
    }
    var url = input.getAttribute("data-gazetteer-url");
    var box = document.createElement("div");
    box.className = "gazetteer";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    var list = document.createElement("ul");
    list.id = input.id + "_suggestions";
    list.className = "gazetteer-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Places in the gazetteer");
    list.hidden = true;
    box.appendChild(list);
    var status = document.createElement("p");
    status.className = "gazetteer-status";
    status.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var entries = [];
    var active = -1;
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

    function valueOf(entry) {
      var twins = entries.filter(function (other) {
        return other.label === entry.label;
      });
      return twins.length > 1 ? entry.label + " [" + entry.key + "]" : entry.label;
    }

    function describe(entry) {
      var words = KIND_WORDS[entry.kind] || entry.kind;
      if (entry.population) {
        words += ", population " + entry.population.toLocaleString("en-US");
      }
      return words;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.children;
      if (!options.length) {
        return;
      }
      active = (index + options.length) % options.length;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var entry = entries[index];
      if (!entry) {
        return;
      }
      input.value = valueOf(entry);
      set("id_name", entry.name);
      set("id_state", entry.state);
      set("id_kind", entry.kind);
      set("id_latitude", entry.latitude);
      set("id_longitude", entry.longitude);
      set("id_gazetteer_id", entry.key);
      close();
      status.textContent =
        "Filled in from the gazetteer: " + entry.label + " (" + entry.key + ")" +
        (entry.latitude === null ? "; the gazetteer has no coordinates for it." : ".");
    }

    function show(results) {
      entries = results;
      var options = results.map(function (entry, index) {
        var option = document.createElement("li");
        option.id = list.id + "_" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.className = "gazetteer-label";
        label.textContent = valueOf(entry);
        var about = document.createElement("span");
        about.className = "gazetteer-about";
        about.textContent = describe(entry);
        option.append(label, " ", about);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          pick(index);
        });
        return option;
      });
      list.replaceChildren.apply(list, options);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = !options.length;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      status.textContent = options.length
        ? options.length + " places found: Down arrow to choose."
        : "Not in the gazetteer: fill in the fields below by hand.";
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
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        close();
        status.textContent = "";
        return;
      }
      timer = window.setTimeout(function () {
        ask(query);
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" && entries.length) {
        event.preventDefault();
        if (!open) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // pick, do not submit the form
        pick(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
