/*
 * Program entry.  The kernel starts us with sp at the Linux initial
 * stack: argc, argv[0..argc-1], NULL, envp..., NULL, auxv.  Nothing else
 * is set up, so pass the three to C with sp kept 16-byte aligned.
 */
	.section .text._start
	.globl _start
_start:
	lw	a0, 0(sp)		/* argc */
	addi	a1, sp, 4		/* argv */
	addi	a2, a0, 1
	slli	a2, a2, 2
	add	a2, a1, a2		/* envp = argv + argc + 1 */
	andi	sp, sp, -16
	mv	fp, zero		/* end of the frame chain for debuggers */
	call	__libc_start
1:	j	1b			/* __libc_start does not return */
