// Two eval calls on one line: two results at columns 27 and 37.
function run(a, b) { return eval(a) + eval(b); }

function unused(x) {
	var y = 1;
	return eval("x");
}

module.exports = { run };
