// registroimpact.it — progressive enhancement only: every page works without JS.
// Bundled by esbuild (static/build.mjs) from Bootstrap Italia's ES module sources,
// importing only the plugins the site uses. Each plugin registers its own
// data-API listeners (data-bs-toggle="navbarcollapsible" | "dropdown" | "collapse").
import NavBarCollapsible from 'bootstrap-italia/src/js/plugins/navbar-collapsible.js'
import Dropdown from 'bootstrap-italia/src/js/plugins/dropdown.js'
import Collapse from 'bootstrap-italia/src/js/plugins/collapse.js'
import Accordion from 'bootstrap-italia/src/js/plugins/accordion.js'
import TrackFocus from 'bootstrap-italia/src/js/plugins/track-focus.js'

// CSS no-JS fallbacks (static/src/scss/_site.scss) switch off when this is set.
document.documentElement.classList.add('has-js')

// The no-JS close control of the mobile menu is a link (<a class="close-menu" href="#">);
// the plugin only binds <button>s, so close the menu here instead of following "#".
document.addEventListener('click', (event) => {
  const link = event.target.closest('.navbar-collapsable .close-div a.close-menu')
  if (link) {
    event.preventDefault()
    NavBarCollapsible.getInstance(link.closest('.navbar-collapsable'))?.hide()
  }
})

// Links that act as buttons (role="button": the menu toggler and close control, which
// are links so that the menu also works without JS) answer the space bar like buttons do.
document.addEventListener('keydown', (event) => {
  if (event.key === ' ' && event.target.matches('a[role="button"]')) {
    event.preventDefault()
    event.target.click()
  }
})

// A filtered listing is addressed with #results (the filter form's action): the browser
// scrolls to the results heading and, as it has tabindex="-1", focuses it, so that the next
// Tab goes on from the results. Do the same where a browser only scrolls.
const focusFragmentTarget = () => {
  const id = decodeURIComponent(window.location.hash.slice(1))
  const target = id && document.getElementById(id)
  if (target && target.getAttribute('tabindex') === '-1' && document.activeElement !== target) {
    target.focus({ preventScroll: true })
  }
}
focusFragmentTarget()
window.addEventListener('hashchange', focusFragmentTarget)

// "Back to the form" after a refused form (403_csrf.html): going back in the history keeps
// what the browser still holds of the form; without JS the link opens the form again.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-history-back]')
  if (link && window.history.length > 1 && document.referrer.startsWith(window.location.origin)) {
    event.preventDefault()
    window.history.back()
  }
})

// Keep the plugin modules (and their data-API side effects) in the bundle and
// expose them for page-specific scripts.
window.BootstrapItalia = { NavBarCollapsible, Dropdown, Collapse, Accordion, TrackFocus }
