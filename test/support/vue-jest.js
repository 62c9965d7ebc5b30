// Jest transform for .vue single-file components: Vue's own compiler (vue/compiler-sfc) turns the SFC into one
// TypeScript module (script setup with the template inlined), then babel-jest makes it CommonJS like every other
// file. Hand-written because the maintained @vue/vue3-jest requires jest 29 and this repository runs jest 30.
const { createHash } = require('node:crypto')
const { compileScript, parse } = require('vue/compiler-sfc')
const babelJest = require('babel-jest').default

const babel = babelJest.createTransformer()

module.exports = {
  process(source, filename, options) {
    const { descriptor, errors } = parse(source, { filename })
    if (errors.length) throw errors[0]
    const id = createHash('sha256').update(filename).digest('hex').slice(0, 8)
    const script = compileScript(descriptor, { id, inlineTemplate: true, isProd: false })
    // The compiled module is TypeScript when the SFC's script is: babel's TypeScript preset goes by the file name.
    return babel.process(script.content, `${filename}.ts`, options)
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(source).update(filename).update(require('vue/package.json').version).digest('hex')
  },
}
