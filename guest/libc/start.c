/* The C side of program entry: record the environment, run main, exit. */
#include <stdlib.h>

int main(int argc, char **argv, char **envp);

char **environ;

/* Called from _start with the initial stack decoded; never returns. */
_Noreturn void __libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	exit(main(argc, argv, envp));
}
