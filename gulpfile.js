const { src, dest } = require('gulp');

// n8n resolves `file:` icons relative to the compiled node, so the SVGs must sit beside `dist/`.
function buildIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
