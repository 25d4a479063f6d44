// Appended to a copy of the report by tests/html/run.sh: drives the page as a user would
// (expand a view, sort a column, filter) after the page's own script ran, and writes what it
// saw into <pre id="probe"> for the test to read from the DOM chromium dumps.
(function () {
  var out = [];
  function say(k, v) { out.push(k + '=' + v); }
  var t = document.getElementById('views');
  var rows = t.tBodies[0].rows;
  say('rows', rows.length);
  say('first', rows[0].getAttribute('data-name'));
  // expand the first view: its events become visible
  var d = rows[0].querySelector('details');
  say('open_before', d.open);
  d.querySelector('summary').click();
  var ev = d.querySelectorAll('li.event');
  var shown = 0;
  for (var i = 0; i < ev.length; i++) if (ev[i].getClientRects().length) shown++;
  say('open_after', d.open);
  say('events_shown', shown);
  say('event0', ev.length ? ev[0].textContent.split(' ')[0] : '');
  // sort by minutes, twice
  var heads = t.tHead.rows[0].cells, minutes = null;
  for (var j = 0; j < heads.length; j++) if (heads[j].getAttribute('data-key') === 'minutes') minutes = heads[j];
  var b = minutes.querySelector('button');
  say('sort_button', !!b);
  b.click();
  var asc = [];
  for (var k = 0; k < rows.length; k++) asc.push(rows[k].getAttribute('data-minutes'));
  say('sort_asc', asc.join(','));
  say('aria_sort', minutes.getAttribute('aria-sort'));
  b.click();
  var desc = [];
  for (var m = 0; m < rows.length; m++) desc.push(rows[m].getAttribute('data-minutes'));
  say('sort_desc', desc.join(','));
  // filter
  var f = document.getElementById('filter');
  say('filter_visible', !document.getElementById('filters').hidden);
  f.value = 'payments';
  f.dispatchEvent(new Event('input'));
  var vis = 0;
  for (var n = 0; n < rows.length; n++) if (!rows[n].hidden) vis++;
  say('filtered', vis);
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
