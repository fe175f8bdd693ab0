// n8n loads the package through the `n8n` section of package.json; this entry point stays empty.
module.exports = {};
