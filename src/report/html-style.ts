// The report page's stylesheet, inlined into the page (nothing fetched): readable printed or
// mailed, light colours, tables and charts at the page's width.

export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:16px 20px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ccd;padding-bottom:3px}
h3{font-size:15px;margin:16px 0 6px}
.sub{color:#555;margin:0 0 8px}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600;margin:6px 0}
.pass{background:#dff3e3;color:#14632b}.fail{background:#fbe0e0;color:#8a1616}.none{background:#e8eaef;color:#333}
table{border-collapse:collapse;margin:4px 0 8px;background:#fff}
td,th{padding:3px 10px;border:1px solid #dde;text-align:right;font-variant-numeric:tabular-nums}
td:first-child,th:first-child{text-align:left}
th{background:#eef0f5;font-weight:600}
.note{color:#444;margin:2px 0}
.warn{color:#8a1616;font-weight:600}
ul.notes{margin:4px 0;padding-left:20px}
.chart{width:100%;height:auto;background:#fff;border:1px solid #dde;margin:4px 0 10px}
.chart text{font-size:11px;fill:#333}.chart .axis{font-size:12px;fill:#222}
.chart .grid{stroke:#e6e8ee;stroke-width:1}.chart .frame{fill:none;stroke:#aab}
.chart .series{fill:none;stroke-width:1.6;stroke-linejoin:round}
.chart .marker line{stroke:#b07a00;stroke-dasharray:3 3}.chart .marker text{fill:#8a5a00}
.chart .bar{fill:#4a78c2}
details pre{background:#fff;border:1px solid #dde;padding:8px;overflow:auto;font-size:12px}
footer{color:#666;margin-top:32px;font-size:12px}
`
