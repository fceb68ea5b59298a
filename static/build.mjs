// Front-end build: `npm run build` -> static/dist/{css,js,fonts,svg,images}/ (not committed).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'static/src')
const dist = join(root, 'static/dist')
const bi = join(root, 'node_modules/bootstrap-italia')
const copy = (from, to) => writeFileSync(to, readFileSync(from))

rmSync(dist, { recursive: true, force: true })
for (const dir of ['css', 'js', 'fonts', 'svg']) mkdirSync(join(dist, dir), { recursive: true })

// CSS: compressed, no source map. Only Bootstrap Italia's own @imports are silenced.
const { css } = sass.compile(join(src, 'scss/main.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  sourceMap: false,
  quietDeps: true,
  silenceDeprecations: ['import'],
})
writeFileSync(join(dist, 'css/main.css'), css)

// Fonts: copy exactly the files the CSS references (url("../fonts/<file>")).
const fonts = [...css.matchAll(/url\("?\.\.\/fonts\/([^")]+)"?\)/g)].map((m) => m[1])
for (const file of fonts) {
  const family = file.startsWith('lora') ? 'Lora' : file.startsWith('roboto') ? 'Roboto_Mono' : 'Titillium_Web'
  copy(join(bi, 'src/fonts', family, file), join(dist, 'fonts', file))
}
const remote = css.match(/url\("?https?:|@import/g)
if (remote) throw new Error(`main.css requests remote resources: ${remote}`)

// Icon sprite, and the site's own images (favicon, logos) if static/src/images/ exists.
copy(join(bi, 'dist/svg/sprites.svg'), join(dist, 'svg/sprites.svg'))
if (existsSync(join(src, 'images'))) cpSync(join(src, 'images'), join(dist, 'images'), { recursive: true })

// JS: only the plugins imported by static/src/js/main.js, minified, no source map.
await esbuild.build({
  entryPoints: [join(src, 'js/main.js')],
  outfile: join(dist, 'js/main.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  logLevel: 'warning',
})

console.log(`built ${dist}: css/main.css, js/main.js, svg/sprites.svg, fonts/ (${fonts.length} files)`)
