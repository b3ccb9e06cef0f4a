/// The style and script every HTML report carries inline, so the file needs nothing from the network.
enum HTMLPageAssets {
    /// The page's CSS.
    static let style = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1600px; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; }
        table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.85em; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; user-select: none; } table.sort-ready th { cursor: pointer; }
        th.sorted-up::after { content: " \\25B2"; } th.sorted-down::after { content: " \\25BC"; }
        td:first-child { white-space: nowrap; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .table-scroll { overflow-x: auto; }
        tfoot td { font-weight: bold; border-top: 2px solid #888; }
        .flag { color: #b3541e; font-size: 0.8em; } td.number .flag { display: block; }
        figure { display: inline-block; vertical-align: top; margin: 0.5em 1.5em 1em 0; }
        figcaption { font-size: 0.85em; color: #555; max-width: 480px; }
        svg { font-size: 11px; background: #fff; }
        svg .point { stroke: #fff; stroke-width: 1; }
        svg .bar.extrapolated { opacity: 0.5; } svg .axis-title { font-size: 12px; }
        .note { color: #555; }
        """

    /// Sorts a table by the clicked column: numbers by their `data-sort` value, text by its letters; a second
    /// click reverses. A table it made sortable gets the class `sort-ready` (its headers then show a pointer).
    /// Written without `<` and `&` so the page stays well-formed XML as well as HTML.
    static let script = """
        document.querySelectorAll("table.sortable").forEach(function (table) {
          table.querySelectorAll("thead th").forEach(function (header, column) {
            header.addEventListener("click", function () {
              var body = table.tBodies[0];
              var up = !header.classList.contains("sorted-up");
              table.querySelectorAll("thead th").forEach(function (h) { h.classList.remove("sorted-up", "sorted-down"); });
              header.classList.add(up ? "sorted-up" : "sorted-down");
              var key = function (row) {
                var cell = row.cells[column];
                if (!cell) { return ""; }
                var sort = cell.getAttribute("data-sort");
                return sort === null ? cell.textContent : parseFloat(sort);
              };
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                var order = (typeof x === "number" ? (typeof y === "number" ? Math.sign(x - y) : -1)
                  : (typeof y === "number" ? 1 : String(x).localeCompare(String(y))));
                return up ? order : -order;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
          table.classList.add("sort-ready");
        });
        """
}
