"""Web renditions of a medium: the names a note may ask for (``renditions``) and the video
encodings of a figure (``video``).  Imports ``gdmedia.base`` only."""
