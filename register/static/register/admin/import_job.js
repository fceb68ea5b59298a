// The page of a running import job updates its progress in place, so that the page keeps its
// scroll and focus and a screen reader hears the new figure (the region is aria-live="polite").
// Without JavaScript a <noscript> meta refresh reloads the whole page instead. Once the job is
// no longer running, the whole page is loaded again to show its report.
(() => {
  const status = document.getElementById("import-job-status");
  const live = document.getElementById("import-job-live");
  if (!status || !live) return;
  const seconds = Number(status.dataset.refreshSeconds) || 2;

  const refresh = async () => {
    let fresh = null;
    try {
      const answer = await fetch(window.location.href, { credentials: "same-origin" });
      if (!answer.ok) throw new Error(String(answer.status));
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      fresh = page.getElementById("import-job-live");
      if (!page.getElementById("import-job-status")) {
        window.location.reload();
        return;
      }
    } catch {
      // A failed request (the server restarting, the network): try again at the next tick.
    }
    if (fresh && fresh.innerHTML !== live.innerHTML) live.innerHTML = fresh.innerHTML;
    window.setTimeout(refresh, seconds * 1000);
  };
  window.setTimeout(refresh, seconds * 1000);
})();
