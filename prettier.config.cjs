// prettier with @prettier/plugin-xml formats the addons' XML (see
// .pre-commit-config.yaml). Same settings as OCA's repository template;
// require.resolve finds the plugin in pre-commit's own Node environment.
/** @type {import('prettier').Config} */
const config = {
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "strict",
    plugins: [require.resolve("@prettier/plugin-xml")],
};

module.exports = config;
