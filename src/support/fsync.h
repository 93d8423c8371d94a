/*
 * fsync — making a rename durable: after a file is renamed into place,
 * its directory must be synced too, or a crash may forget the rename.
 */
#ifndef RELAIS_FSYNC_H
#define RELAIS_FSYNC_H

/* Fsyncs path (a file or a directory); 0, or -1 with errno set. */
int fsync_path(const char *path);
/* Fsyncs the directory holding path ("." when path has no slash);
   0, or -1 with errno set. */
int fsync_dir_of(const char *path);

#endif
