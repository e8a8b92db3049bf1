SELECT 'tab\there', 'new\nline', 'quote\'s', 'back\\slash';
SELECT length('\t\n');
