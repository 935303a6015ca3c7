"""What every stage leans on: files and atomic outputs, safe XML, containers, text decoding, progress, signatures."""
