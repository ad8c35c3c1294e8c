/// A self-contained HTML page: inline CSS for light and dark schemes and print, one small inline
/// script that sorts tables; nothing fetched from anywhere.
public enum Page {
    public static func render(title: String, subtitle: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <header><h1>\(HTML.escape(title))</h1><p class="subtitle">\(HTML.escape(subtitle))</p></header>
        <main>
        \(body)
        </main>
        <footer>Made by lake from the warehouse; open it from disk in any browser.</footer>
        <script>\(sortScript)</script>
        </body>
        </html>
        """
    }

    static let style = """
        :root { --bg: #ffffff; --fg: #1d2430; --muted: #5b6675; --grid: #e3e7ee; --card: #f5f7fa; --accent: #2f6fde; --accent2: #e08a1e; --alert: #d4343a; }
        @media (prefers-color-scheme: dark) { :root { --bg: #12161d; --fg: #e6e9ef; --muted: #9aa5b4; --grid: #2a313c; --card: #1a2029; --accent: #6ea0ff; --accent2: #f0a646; --alert: #ff6b6b; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
        header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
        header h1 { margin: 24px 0 4px; font-size: 24px; }
        .subtitle, footer, .note { color: var(--muted); }
        section { margin: 28px 0; }
        h2 { font-size: 17px; border-bottom: 1px solid var(--grid); padding-bottom: 4px; }
        .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
        .kpi { background: var(--card); border-radius: 8px; padding: 10px 12px; }
        .kpi .value { font-size: 22px; font-weight: 600; }
        .kpi .label { color: var(--muted); font-size: 12px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .grid { stroke: var(--grid); stroke-width: 1; }
        svg text { fill: var(--fg); font-size: 11px; }
        svg .tick { fill: var(--muted); }
        svg .axis-label { fill: var(--muted); font-size: 12px; }
        svg .marker-label { fill: var(--alert); font-weight: 600; }
        svg .idle { fill: var(--alert); }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
        @media (max-width: 800px) { .two { grid-template-columns: 1fr; } }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 4px 8px; border-bottom: 1px solid var(--grid); text-align: left; }
        th { cursor: pointer; color: var(--muted); font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        pre { background: var(--card); padding: 10px; border-radius: 6px; overflow-x: auto; font-size: 12px; }
        .badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11px; background: var(--card); color: var(--muted); }
        .status-success, .status-pass { color: #2c9a55; } .status-error, .status-fail { color: var(--alert); } .status-warn { color: var(--accent2); }
        @media print { body { background: #fff; color: #000; } th { cursor: auto; } section { break-inside: avoid; } footer { display: none; } }
        """

    /// Click a header to sort by it; click again to reverse. Numbers sort as numbers.
    static let sortScript = """
        document.querySelectorAll('table.sortable th').forEach(function (th, _) {
          th.addEventListener('click', function () {
            var table = th.closest('table'), body = table.tBodies[0], index = Array.prototype.indexOf.call(th.parentNode.children, th);
            var numeric = th.dataset.type === 'number', ascending = th.dataset.order !== 'asc';
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[index].textContent, y = b.cells[index].textContent;
              if (numeric) { x = parseFloat(x.replace(/,/g, '')) || 0; y = parseFloat(y.replace(/,/g, '')) || 0; return ascending ? x - y : y - x; }
              return ascending ? x.localeCompare(y) : y.localeCompare(x);
            });
            rows.forEach(function (row) { body.appendChild(row); });
            th.dataset.order = ascending ? 'asc' : 'desc';
          });
        });
        """
}
