// Sortable tables: every <table data-sortable> gets header buttons that sort its rows (numbers numerically,
// by the cell's data-sort value when present), announcing the order with aria-sort.
export function enableSortableTables(root = document) {
  for (const table of root.querySelectorAll('table[data-sortable]')) {
    if (table.dataset.sortReady) continue;
    table.dataset.sortReady = 'true';
    const headers = [...table.querySelectorAll('thead th')];
    headers.forEach((th, col) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        for (const h of headers) h.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const key = (row) => {
          const cell = row.cells[col];
          const v = cell?.dataset.sort ?? cell?.textContent ?? '';
          const n = Number(v);
          return v !== '' && Number.isFinite(n) ? n : v.toLowerCase();
        };
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          const c =
            typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return ascending ? c : -c;
        });
        body.append(...rows);
      });
    });
  }
}

enableSortableTables();
