/* execvp: a name without '/' is looked up in /bin, the only directory
 * of programs (there is no PATH search beyond it). */
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>

int execvp(const char *file, char *const argv[])
{
	char path[128];

	if (strchr(file, '/'))
		return execve(file, argv, environ);
	if (strlen(file) + 6 > sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(path, "/bin/");
	strcat(path, file);
	return execve(path, argv, environ);
}
