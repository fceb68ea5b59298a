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

// Keep the plugin modules (and their data-API side effects) in the bundle and
// expose them for page-specific scripts.
window.BootstrapItalia = { NavBarCollapsible, Dropdown, Collapse, Accordion, TrackFocus }
