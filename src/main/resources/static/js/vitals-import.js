// The import's progress view: asks every two seconds how far the import is and moves the bar and
// the numbers; once it has finished, loads the page again, which then shows the report. Without
// this script the page has a button to look again.
(function () {
  var box = document.getElementById('progress');
  if (!box || !window.fetch) { return; }
  var bar = document.getElementById('progress-bar');
  var words = document.getElementById('progress-words');
  var template = box.dataset.words;
  var counts = { stored: 'count-stored', already: 'count-already', bad: 'count-bad' };
  var rows = box.dataset.rows;
  function grouped(n) { return Number(n).toLocaleString('ja-JP'); }
  function ask() {
    fetch(box.dataset.progress, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { setTimeout(ask, 2000); return; }
        if (p.status !== 'RUNNING') { window.location.reload(); return; }
        bar.max = p.total;
        bar.value = p.done;
        bar.textContent = p.percent + '%';
        words.textContent = template.replace('{0}', grouped(p.done)).replace('{1}', grouped(p.total)).replace('{2}', p.percent);
        Object.keys(counts).forEach(function (k) {
          document.getElementById(counts[k]).textContent = rows.replace('{0}', grouped(p[k]));
        });
        setTimeout(ask, 2000);
      })
      .catch(function () { setTimeout(ask, 2000); });
  }
  setTimeout(ask, 2000);
})();
