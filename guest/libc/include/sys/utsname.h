#ifndef LIBC_SYS_UTSNAME_H
#define LIBC_SYS_UTSNAME_H

#include <hyperlab/abi.h>

int uname(struct utsname *u);

#endif
