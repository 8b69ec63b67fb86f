var total = 0;
function add(n) {
	total = total + eval(n);
}
function add2(n) {
	total = total + eval(n);
}
