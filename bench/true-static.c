// SPDX-License-Identifier: GPL-2.0
/*
 * true-static - the smallest program posix_spawn() can run: linked with
 * -static, so that pidfd-bench times the kernel's exec and not ld.so.
 */
int main(void)
{
	return 0;
}
