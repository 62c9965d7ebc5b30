// The hosts the demo is built for, in the order they are built.
module.exports = ['weapp', 'qq', 'alipay', 'tt', 'swan', 'jd', 'h5']
