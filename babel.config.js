// babel-preset-taro builds the demo for every host, and (NODE_ENV=test) gives jest CommonJS.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
