/* SPDX-License-Identifier: ISC */
/* private_file.h: files only their owner may read: the database and its copies (private_file.c). */
#ifndef MERIDIAN_PRIVATE_FILE_H
#define MERIDIAN_PRIVATE_FILE_H

int	 private_file_create(const char *path);
int	 private_file_tighten(const char *path);
int	 private_file_others_can_read(const char *path);

#endif
