// Tables marked data-sortable sort by any column: each column heading becomes a button (keyboard and
// screen reader friendly, aria-sort says the order). Without JavaScript the table stays in the server's order.
function cellValue(row, index) {
  const cell = row.cells[index];
  if (!cell) return "";
  return (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent).trim();
}

function asNumber(text) {
  const cleaned = text.replace(/[,%£]/g, "").trim();
  return cleaned !== "" && !isNaN(cleaned) ? Number(cleaned) : null;
}

function compare(a, b) {
  const x = asNumber(a), y = asNumber(b);
  if (x !== null && y !== null) return x - y;
  if (x !== null) return -1;
  if (y !== null) return 1;
  return a.localeCompare(b, "en-GB", { numeric: true, sensitivity: "base" });
}

function sortBy(table, headers, index, button) {
  const header = headers[index];
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  const body = table.tBodies[0];
  const rows = Array.from(body.rows).filter((r) => !r.querySelector("td[colspan]"));
  rows.sort((r1, r2) => {
    const order = compare(cellValue(r1, index), cellValue(r2, index));
    return ascending ? order : -order;
  });
  rows.forEach((r) => body.appendChild(r));
  headers.forEach((h) => h.setAttribute("aria-sort", "none"));
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  button.focus();
}

export function initSortableTables(root = document) {
  root.querySelectorAll("table[data-sortable]").forEach((table) => {
    if (!table.tHead || !table.tBodies.length || table.dataset.sortableReady) return;
    table.dataset.sortableReady = "true";
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((header, index) => {
      const text = header.textContent.trim();
      if (!text || header.querySelector(".govuk-visually-hidden") && header.textContent.trim() === header.querySelector(".govuk-visually-hidden").textContent.trim()) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "oversight-sort-button";
      button.textContent = text;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => sortBy(table, headers, index, button));
    });
  });
}
