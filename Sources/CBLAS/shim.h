// OpenBLAS's CBLAS interface. Debian installs it under the multiarch include directory,
// which is on the default search path; `openblas_set_num_threads` comes from the same header.
#include <cblas.h>
